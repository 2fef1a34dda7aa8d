package org.telemetrybridge.session.port;

import java.util.Map;
import java.util.Set;

/**
 * What the backend stores of a persistent MQTT session so that it survives a restart of the bridge.
 *
 * @param clientId      the session's client identifier
 * @param subscriptions topic filter to granted QoS
 * @param pendingQos2   packet ids of inbound QoS 2 messages published but not yet released (PUBREL),
 *                      kept so a duplicate PUBLISH after a restart is not published twice
 */
public record SessionState(String clientId, Map<String, Integer> subscriptions, Set<Integer> pendingQos2) {

    public SessionState {
        subscriptions = Map.copyOf(subscriptions);
        pendingQos2 = Set.copyOf(pendingQos2);
    }
}
