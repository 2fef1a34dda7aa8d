package org.telemetrybridge.mqtt;

import java.util.HashMap;
import java.util.Map;

/**
 * The MQTT 5 topic aliases of one connection, both ways. Confined to the connection's event loop.
 * The client sets at most the bridge's Topic Alias Maximum (larger ones are refused by
 * {@link Mqtt5PacketRules}), and the topic names they hold are bounded together; the bridge gives
 * aliases to the first topics it sends, up to the client's Topic Alias Maximum, and keeps them for
 * the connection (MQTT 5 aliases do not outlive it [MQTT-3.3.2-7]).
 */
final class TopicAliases {

    /** Characters of topic names the client's aliases may hold together: ten aliases of 6,553 on average. */
    static final int MAX_INBOUND_TOPIC_CHARS = 65_536;

    private final Map<Integer, String> inbound = new HashMap<>();
    private int inboundChars;
    private final int outboundMaximum;
    private final Map<String, Integer> outbound = new HashMap<>();

    /** @param outboundMaximum aliases the bridge may set: the client's Topic Alias Maximum, or the bridge's lower one */
    TopicAliases(int outboundMaximum) {
        this.outboundMaximum = outboundMaximum;
    }

    /** The topic an alias of the client stands for, or null if the client never set it. */
    String topic(int alias) {
        return inbound.get(alias);
    }

    /** The client set (or moved) an alias; false if the topics its aliases hold would be too long together. */
    boolean set(int alias, String topic) {
        String before = inbound.get(alias);
        int chars = inboundChars - (before == null ? 0 : before.length()) + topic.length();
        if (chars > MAX_INBOUND_TOPIC_CHARS) {
            return false;
        }
        inbound.put(alias, topic);
        inboundChars = chars;
        return true;
    }

    /**
     * The alias for a topic the bridge sends: one already set (the PUBLISH then leaves the topic out), a
     * new one (the PUBLISH carries both), or 0 when the client's aliases are used up or it takes none.
     */
    Outbound outbound(String topic) {
        Integer known = outbound.get(topic);
        if (known != null) {
            return new Outbound(known, true);
        }
        if (outbound.size() >= outboundMaximum) {
            return Outbound.NONE;
        }
        int alias = outbound.size() + 1;
        outbound.put(topic, alias);
        return new Outbound(alias, false);
    }

    /** An outgoing alias: 0 for none; {@code known} when the client has it and the topic is left out. */
    record Outbound(int alias, boolean known) {
        static final Outbound NONE = new Outbound(0, false);
    }
}
