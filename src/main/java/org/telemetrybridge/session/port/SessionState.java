package org.telemetrybridge.session.port;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the backend stores of a persistent MQTT session so that it survives a restart of the bridge.
 *
 * @param clientId      the session's client identifier
 * @param subscriptions topic filter to granted QoS
 * @param pendingQos2   packet ids of inbound QoS 2 messages published but not yet released (PUBREL),
 *                      kept so a duplicate PUBLISH after a restart is not published twice
 * @param outboundQos2  packet ids of outbound QoS 2 exchanges the client may still hold, with their
 *                      state: after a crash the bridge sends PUBREL for the released ones and gives
 *                      the others back to their message's redelivery, instead of reusing an id the
 *                      client would take for a duplicate [MQTT-4.4.0-1]
 * @param completedQos2 backend ids of the messages whose outbound QoS 2 exchange completed last,
 *                      oldest first: the backend may not yet have made their settlement durable
 *                      when the bridge crashes, and a redelivery of one must not reach the client again
 * @param options       the MQTT 5 options of the subscriptions that have any, by filter
 * @param expiryInterval the MQTT 5 Session Expiry Interval the client set, in seconds; -1 if it set none
 *                      (a 3.x client: the bridge's expiry)
 * @param waitingWill   the will of the last connection while it waits out its MQTT 5 Will Delay Interval,
 *                      so that a restart of the bridge neither loses it nor publishes one the client
 *                      cancelled by coming back; null if none
 */
public record SessionState(String clientId, Map<String, Integer> subscriptions, Set<Integer> pendingQos2,
                           Map<Integer, OutboundFlow> outboundQos2, List<String> completedQos2,
                           Map<String, SubscriptionOptions> options, long expiryInterval, WaitingWill waitingWill) {

    /**
     * A will waiting out its delay.
     *
     * @param properties  its MQTT 5 will properties; {@code expiresAt} holds the Message Expiry Interval in
     *                    milliseconds, counted from the will's publication
     * @param publishAt   when it is due, epoch milliseconds
     */
    public record WaitingWill(String topic, byte[] payload, int qos, boolean retain, MessageProperties properties,
                              long publishAt) {

        @Override
        public boolean equals(Object other) {
            return other instanceof WaitingWill that && topic.equals(that.topic) && java.util.Arrays.equals(payload,
                    that.payload) && qos == that.qos && retain == that.retain && properties.equals(that.properties)
                    && publishAt == that.publishAt;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(topic, java.util.Arrays.hashCode(payload), qos, retain, properties, publishAt);
        }

        @Override
        public String toString() {
            return "WaitingWill[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos + ", publishAt=" + publishAt + "]";
        }
    }

    /**
     * One outbound QoS 2 exchange, or a packet id kept out of use.
     *
     * @param messageId the backend's id of the message sent with the packet id ("" if it has none)
     * @param stage     where the exchange is
     */
    public record OutboundFlow(String messageId, Stage stage) {

        public boolean released() {
            return stage == Stage.RELEASED;
        }
    }

    /** The stage of an outbound QoS 2 exchange. */
    public enum Stage {
        /** PUBLISH sent (or about to be), no PUBREC yet: the message is still the backend's. */
        SENT,
        /** PUBREC came (the backend message is settled); PUBCOMP has not yet. */
        RELEASED,
        /**
         * Finished, but its PUBLISH was sent twice with this id (again after a reconnect): a client
         * that queued both copies (libmosquitto does, against [MQTT-4.3.3-2]) would hand the stale
         * one out in place of the next message on this id, so the id is not used again soon.
         */
        QUARANTINED
    }

    public SessionState {
        subscriptions = Map.copyOf(subscriptions);
        pendingQos2 = Set.copyOf(pendingQos2);
        outboundQos2 = Map.copyOf(outboundQos2);
        completedQos2 = List.copyOf(completedQos2);
        options = Map.copyOf(options);
    }

    /** A state without a waiting will. */
    public SessionState(String clientId, Map<String, Integer> subscriptions, Set<Integer> pendingQos2,
                        Map<Integer, OutboundFlow> outboundQos2, List<String> completedQos2,
                        Map<String, SubscriptionOptions> options, long expiryInterval) {
        this(clientId, subscriptions, pendingQos2, outboundQos2, completedQos2, options, expiryInterval, null);
    }

    /** A state without MQTT 5 subscription options and client-set expiry. */
    public SessionState(String clientId, Map<String, Integer> subscriptions, Set<Integer> pendingQos2,
                        Map<Integer, OutboundFlow> outboundQos2, List<String> completedQos2) {
        this(clientId, subscriptions, pendingQos2, outboundQos2, completedQos2, Map.of(), -1);
    }

    public SessionState(String clientId, Map<String, Integer> subscriptions, Set<Integer> pendingQos2) {
        this(clientId, subscriptions, pendingQos2, Map.of(), List.of());
    }

    /** The options of one subscription; {@link SubscriptionOptions#NONE} if it has none. */
    public SubscriptionOptions optionsOf(String filter) {
        return options.getOrDefault(filter, SubscriptionOptions.NONE);
    }
}
