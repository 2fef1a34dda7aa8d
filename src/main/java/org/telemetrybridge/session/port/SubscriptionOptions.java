package org.telemetrybridge.session.port;

/**
 * The MQTT 5 options of one subscription beyond its QoS, which live with the subscription as long as
 * it does (a persistent session's across a restart of the bridge).
 *
 * @param noLocal           the client's own publications are not delivered through it [MQTT-3.8.3-3]
 * @param retainAsPublished messages keep the RETAIN flag they were published with [MQTT-3.3.1-12];
 *                          otherwise it is 0 [MQTT-3.3.1-13]
 * @param subscriptionId    the Subscription Identifier the client gave it, sent back on every PUBLISH it
 *                          matches [MQTT-3.3.4-3]; {@link #NO_ID} if none
 */
public record SubscriptionOptions(boolean noLocal, boolean retainAsPublished, int subscriptionId) {

    /** {@link #subscriptionId} of a subscription without one (MQTT 5 identifiers start at 1). */
    public static final int NO_ID = 0;

    /** What a 3.x subscription, or an MQTT 5 one without options, has. */
    public static final SubscriptionOptions NONE = new SubscriptionOptions(false, false, NO_ID);

    public boolean hasId() {
        return subscriptionId != NO_ID;
    }
}
