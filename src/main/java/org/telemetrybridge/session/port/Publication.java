package org.telemetrybridge.session.port;

/**
 * A message on its way from a device (or a will) into the backend's topic tree.
 *
 * @param topic         the MQTT topic name, which is also the MQ topic string under SYSTEM.BASE.TOPIC
 * @param payload       the application data, carried byte-exact
 * @param qos           0 maps to non-persistent, 1 and 2 to persistent
 * @param retain        whether the backend keeps it as the topic's retained publication
 * @param originClientId the client that published it, passed on to MQ applications as a property
 * @param properties    its MQTT 5 properties, {@link MessageProperties#NONE} for MQTT 3.1.1
 */
public record Publication(String topic, byte[] payload, int qos, boolean retain, String originClientId,
                          MessageProperties properties) {

    /** A publication without MQTT 5 properties. */
    public Publication(String topic, byte[] payload, int qos, boolean retain, String originClientId) {
        this(topic, payload, qos, retain, originClientId, MessageProperties.NONE);
    }

    public boolean persistent() {
        return qos > 0;
    }
}
