package org.telemetrybridge.session;

/**
 * Limits that apply to every session.
 *
 * @param maxInflight       outbound QoS 1/2 messages sent to a client and not yet acknowledged
 * @param maxQueuedMessages messages waiting behind the in-flight window for one client; past it
 *                          messages of shared subscriptions are dropped (and logged) while durable
 *                          subscriptions stop delivering until the client catches up
 */
public record SessionSettings(int maxInflight, int maxQueuedMessages) {

    public SessionSettings {
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("max in-flight must be 1..65535, was " + maxInflight);
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("max queued messages must be positive, was " + maxQueuedMessages);
        }
    }
}
