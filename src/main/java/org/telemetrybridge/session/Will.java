package org.telemetrybridge.session;

import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.Publication;

/**
 * The will message of a connection, published when it ends without DISCONNECT.
 *
 * @param properties its MQTT 5 will properties; their {@code expiresAt} holds the Message Expiry
 *                   Interval in milliseconds, counted from the will's publication
 * @param delaySeconds MQTT 5 Will Delay Interval: how long after the connection ended the will waits
 *                     for the client to come back to its session; 0 at once
 */
public record Will(String topic, byte[] payload, int qos, boolean retain, MessageProperties properties,
                   long delaySeconds) {

    public Will(String topic, byte[] payload, int qos, boolean retain) {
        this(topic, payload, qos, retain, MessageProperties.NONE, 0);
    }

    Publication toPublication(String clientId) {
        MessageProperties published = properties.expiresAt() == 0 ? properties : new MessageProperties(
                System.currentTimeMillis() + properties.expiresAt(), properties.contentType(), properties.utf8(),
                properties.responseTopic(), properties.correlationData(), properties.userProperties());
        return new Publication(topic, payload, qos, retain, clientId, published);
    }
}
