package org.telemetrybridge.session;

/**
 * Limits that apply to every session.
 *
 * @param maxInflight       outbound QoS 1/2 messages sent to a client and not yet acknowledged
 * @param maxQueuedMessages messages waiting behind the in-flight window for one client; past it the
 *                          subscriptions feeding the client pause (their messages wait in the
 *                          backend) and QoS 0 messages of shared subscriptions are dropped (logged)
 * @param slowClientTimeout how long a client may stay that far behind before it is disconnected;
 *                          zero never disconnects
 */
public record SessionSettings(int maxInflight, int maxQueuedMessages, java.time.Duration slowClientTimeout) {

    public SessionSettings {
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("max in-flight must be 1..65535, was " + maxInflight);
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("max queued messages must be positive, was " + maxQueuedMessages);
        }
    }
}
