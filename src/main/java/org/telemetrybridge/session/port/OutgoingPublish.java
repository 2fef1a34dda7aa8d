package org.telemetrybridge.session.port;

/**
 * A PUBLISH the core sends to a client, whatever its protocol version: the edge's packet writer
 * turns it into the wire form of the client's version.
 *
 * @param topic    the MQTT topic the client sees
 * @param payload  the application data
 * @param qos      the QoS of this delivery: the lower of the subscription's and the message's
 * @param retain   true only for a retained publication sent because of a new subscription
 * @param dup      true when the packet is sent again with the packet id it was sent with before
 * @param packetId the packet identifier, 0 for QoS 0
 * @param properties its MQTT 5 properties; an MQTT 3.1.1 client gets none of them
 * @param subscriptionIds the MQTT 5 Subscription Identifiers of the subscriptions it is sent for
 */
public record OutgoingPublish(String topic, byte[] payload, int qos, boolean retain, boolean dup, int packetId,
                              MessageProperties properties, java.util.List<Integer> subscriptionIds) {

    public OutgoingPublish {
        subscriptionIds = java.util.List.copyOf(subscriptionIds);
    }

    public OutgoingPublish(String topic, byte[] payload, int qos, boolean retain, boolean dup, int packetId,
                           MessageProperties properties) {
        this(topic, payload, qos, retain, dup, packetId, properties, java.util.List.of());
    }

    public OutgoingPublish(String topic, byte[] payload, int qos, boolean retain, boolean dup, int packetId) {
        this(topic, payload, qos, retain, dup, packetId, MessageProperties.NONE);
    }

    /** A QoS 0 publication: no packet id, never a duplicate. */
    public static OutgoingPublish atMostOnce(String topic, byte[] payload, boolean retain) {
        return new OutgoingPublish(topic, payload, 0, retain, false, 0);
    }
}
