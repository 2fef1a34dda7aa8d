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
 * @param publishedRetained the message was published with RETAIN set (MQTT 5 Retain As Published)
 * @param subscription the filter of the persistent session's device subscription that put the message on
 *                    the transmit queue, null if none or not known (point to point, IBM MQ)
 * @param subscriptionIds the MQTT 5 Subscription Identifiers to send with it, set by the core
 */
public record Delivery(String topic, byte[] payload, int qos, boolean retained, String messageId,
                       boolean redelivered, Acknowledgement acknowledgement, MessageProperties properties,
                       String publisher, boolean publishedRetained, String subscription,
                       java.util.List<Integer> subscriptionIds) {

    public Delivery {
        subscriptionIds = java.util.List.copyOf(subscriptionIds);
    }

    /** A delivery without the subscription data (Retain As Published, Subscription Identifiers). */
    public Delivery(String topic, byte[] payload, int qos, boolean retained, String messageId,
                    boolean redelivered, Acknowledgement acknowledgement, MessageProperties properties,
                    String publisher) {
        this(topic, payload, qos, retained, messageId, redelivered, acknowledgement, properties, publisher, false,
                null, java.util.List.of());
    }

    /** The same delivery, settled by {@code settle} instead. */
    public Delivery withAcknowledgement(Acknowledgement settle) {
        return new Delivery(topic, payload, qos, retained, messageId, redelivered, settle, properties, publisher,
                publishedRetained, subscription, subscriptionIds);
    }

    /**
     * This delivery as sent through one client's subscriptions: with RETAIN set where Retain As Published
     * keeps it [MQTT-3.3.1-12], and with their Subscription Identifiers [MQTT-3.3.4-3].
     */
    public Delivery forSubscriber(boolean retain, java.util.List<Integer> ids) {
        if (retain == retained && ids.equals(subscriptionIds)) {
            return this;
        }
        return new Delivery(topic, payload, qos, retain, messageId, redelivered, acknowledgement, properties, publisher,
                publishedRetained, subscription, ids);
    }

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
