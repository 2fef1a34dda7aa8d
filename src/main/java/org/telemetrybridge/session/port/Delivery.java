package org.telemetrybridge.session.port;

/**
 * A message the backend hands to the core for delivery to a device.
 *
 * @param topic       the MQTT topic the device sees
 * @param payload     the application data
 * @param qos         the highest QoS the message itself allows (non-persistent 0, persistent the
 *                    publisher's QoS where known, else 1); the core lowers it to the subscription's
 * @param retained    true only for a retained publication sent because of a new subscription
 * @param messageId   the backend's id of the message, used to recognise a redelivery
 * @param redelivered the backend delivered it before without an acknowledgement
 * @param acknowledgement removes the message from the backend once the device acknowledged it (QoS 1/2)
 *                    or it was written to the socket (QoS 0), or gives it back if the device went away
 * @param properties  its MQTT 5 properties (expiry, content type, response topic, ...); {@link MessageProperties#NONE} if none
 * @param publisher   the client id of the device that published it, null if not a device (MQTT 5 No Local)
 */
public record Delivery(String topic, byte[] payload, int qos, boolean retained, String messageId,
                       boolean redelivered, Acknowledgement acknowledgement, MessageProperties properties,
                       String publisher) {

    /** A delivery whose publisher is not known. */
    public Delivery(String topic, byte[] payload, int qos, boolean retained, String messageId, boolean redelivered,
                    Acknowledgement acknowledgement, MessageProperties properties) {
        this(topic, payload, qos, retained, messageId, redelivered, acknowledgement, properties, null);
    }

    /** A delivery without MQTT 5 properties. */
    public Delivery(String topic, byte[] payload, int qos, boolean retained, String messageId, boolean redelivered,
                    Acknowledgement acknowledgement) {
        this(topic, payload, qos, retained, messageId, redelivered, acknowledgement, MessageProperties.NONE);
    }

    /** Settles a delivered message with the backend. */
    @FunctionalInterface
    public interface Acknowledgement {
        Acknowledgement NONE = () -> { };

        /** The device has the message: remove it from the backend. */
        void acknowledge();

        /**
         * The device went away before it had the message: give it back to the backend, to be
         * delivered later or dead-lettered. Sources that get unacknowledged messages back by
         * themselves (a closed JMS session) need not do anything.
         */
        default void release() {
        }
    }
}
