package org.telemetrybridge.session;

import org.telemetrybridge.session.port.Publication;

/** The will message of a connection, published when it ends without DISCONNECT. */
public record Will(String topic, byte[] payload, int qos, boolean retain) {

    Publication toPublication(String clientId) {
        return new Publication(topic, payload, qos, retain, clientId);
    }
}
