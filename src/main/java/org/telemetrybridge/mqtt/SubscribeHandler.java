package org.telemetrybridge.mqtt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.Session;
import org.telemetrybridge.session.port.SubscriptionOptions;
import org.telemetrybridge.topic.SharedFilter;
import org.telemetrybridge.topic.TopicFilter;

/**
 * SUBSCRIBE and UNSUBSCRIBE. An invalid filter gets return code 0x80 in SUBACK and the others are
 * still made; SUBACK is sent once the backend subscriptions exist, then the retained publications.
 */
final class SubscribeHandler {

    /** SUBACK's return code for a refused filter, in MQTT 3.1.1 [MQTT-3.9.3-2]; MQTT 5's unspecified error. */
    static final int SUBSCRIPTION_FAILED = 0x80;

    /** A filter refused before it reaches the backend: the MQTT 5 reason code, and the log line. */
    private record Refusal(MqttReasonCodes.SubAck code, Runnable logEvent) {
    }

    private final MqttEdge edge;

    SubscribeHandler(MqttEdge edge) {
        this.edge = edge;
    }

    void subscribe(MqttConnection connection, MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> topics = subscribe.payload().topicSubscriptions();
        if (topics.isEmpty()) {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR, null,
                    () -> BridgeLog.protocolViolation(connection.clientId(),
                    connection.remoteAddress(), "SUBSCRIBE without a topic filter [MQTT-3.8.3-3]"));
            return;
        }
        for (MqttTopicSubscription topic : topics) {
            if (topic.option().isNoLocal() && SharedFilter.isShared(topic.topicFilter())) {
                Disconnector.close(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR, null,
                        () -> BridgeLog.protocolViolation(connection.clientId(), connection.remoteAddress(),
                        "No Local on shared subscription '" + topic.topicFilter() + "' [MQTT-3.8.3-4]"));
                return;
            }
        }
        // MQTT 5: the packet's identifier goes with every subscription it makes or changes (section 3.8.2.1.2).
        int subscriptionId = subscriptionId(subscribe);
        int packetId = subscribe.variableHeader().messageId();
        if (idInUse(connection, "SUBSCRIBE", packetId)) {
            connection.write(connection.writer().subAck(packetId, java.util.Collections.nCopies(topics.size(),
                    MqttReasonCodes.SubAck.PACKET_IDENTIFIER_IN_USE.byteValue() & 0xFF), "packet identifier in use"));
            return;
        }
        List<Session.Subscription> valid = new ArrayList<>();
        // The valid ones that want the retained publications (MQTT 5 Retain Handling; always under 3.x).
        Set<Session.Subscription> wantRetained = new HashSet<>();
        Set<String> existing = new HashSet<>();
        connection.session().subscriptions().forEach(s -> existing.add(s.filter()));
        Integer[] codes = new Integer[topics.size()];
        for (int i = 0; i < topics.size(); i++) {
            String filter = topics.get(i).topicFilter();
            Refusal refusal = refusal(connection, filter);
            if (refusal != null) {
                refusal.logEvent().run();
                codes[i] = refusal.code().byteValue() & 0xFF;
            } else {
                Session.Subscription subscription = new Session.Subscription(filter,
                        topics.get(i).qualityOfService().value());
                valid.add(subscription);
                MqttSubscriptionOption option = topics.get(i).option();
                connection.session().options(filter, new SubscriptionOptions(option.isNoLocal(),
                        option.isRetainAsPublished(), subscriptionId));
                // Retained publications go to new Non-shared Subscriptions only (MQTT 5 section 3.3.1.3).
                if (!SharedFilter.isShared(filter)
                        && sendsRetained(topics.get(i).option().retainHandling(), existing.contains(filter))) {
                    wantRetained.add(subscription);
                }
            }
        }
        Session session = connection.session();
        session.subscribe(valid).whenCompleteAsync((granted, failure) -> {
            int next = 0;
            List<Session.Subscription> made = new ArrayList<>();
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] == null) {
                    codes[i] = failure != null ? SUBSCRIPTION_FAILED : granted.get(next).orElse(SUBSCRIPTION_FAILED);
                    if (codes[i] < SUBSCRIPTION_FAILED && wantRetained.contains(valid.get(next))) {
                        made.add(valid.get(next));
                    }
                    next++;
                }
            }
            if (connection.isClosing()) {
                return;
            }
            connection.write(connection.writer().subAck(packetId, List.of(codes), null));
            session.readRetained(made).thenAcceptAsync(found -> {
                if (!connection.isClosing()) {
                    session.sendRetained(found);
                }
            }, connection.executor());
        }, connection.executor());
    }

    /**
     * Whether an MQTT 5 client sent a SUBSCRIBE or UNSUBSCRIBE with a packet id its unfinished QoS 2
     * exchange holds [MQTT-2.2.1-3]: then every filter gets 0x91 and nothing changes. A 3.x client has no
     * such answer and is served as before.
     */
    private static boolean idInUse(MqttConnection connection, String packet, int packetId) {
        if (!connection.writer().mqtt5() || !connection.session().packetIdInUse(packetId)) {
            return false;
        }
        BridgeLog.packetIdInUse(connection.clientId(), connection.remoteAddress(), packet, packetId);
        return true;
    }

    /** The packet's Subscription Identifier (Mqtt5PacketRules let at most one, not 0, through); none under 3.x. */
    private static int subscriptionId(MqttSubscribeMessage subscribe) {
        return subscribe.idAndPropertiesVariableHeader().properties()
                .getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER) instanceof MqttProperties.IntegerProperty id
                ? id.value() : SubscriptionOptions.NO_ID;
    }

    /**
     * MQTT 5 Retain Handling: 0 sends the retained publications on every SUBSCRIBE, 1 only when the
     * subscription is new, 2 never [MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11]. 3.x clients have 0.
     */
    private static boolean sendsRetained(MqttSubscriptionOption.RetainedHandlingPolicy handling, boolean existed) {
        return switch (handling) {
            case SEND_AT_SUBSCRIBE -> true;
            case SEND_AT_SUBSCRIBE_IF_NOT_YET_EXISTS -> !existed;
            case DONT_SEND_AT_SUBSCRIBE -> false;
        };
    }

    /**
     * Why SUBACK refuses a filter before it reaches the backend (3.x: 0x80; MQTT 5: the reason code),
     * or null if it does not. A {@code $share/<group>/<filter>} subscription, taken from MQTT 5 and, as
     * Mosquitto and HiveMQ take it, 3.1.1 clients, must be well formed [MQTT-4.8.2-1] [MQTT-4.8.2-2];
     * the limits apply to the whole string, the reserved-topic and authorization checks to the filter
     * part, which is what it receives.
     */
    private Refusal refusal(MqttConnection connection, String filter) {
        String clientId = connection.clientId();
        String remote = connection.remoteAddress();
        String receives = filter;
        if (SharedFilter.isShared(filter)) {
            String malformed = SharedFilter.violation(filter);
            if (malformed != null) {
                return new Refusal(MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID,
                        () -> BridgeLog.sharedSubscriptionRefused(clientId, remote, filter, malformed));
            }
            receives = SharedFilter.parse(filter).filter();
        } else {
            String violation = TopicFilter.violation(filter);
            if (violation != null) {
                return new Refusal(MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID,
                        () -> BridgeLog.invalidTopicFilter(clientId, remote, filter, violation));
            }
        }
        String beyond = connection.policy().topicLimits().violation(filter);
        if (beyond != null) {
            return new Refusal(MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID,
                    () -> BridgeLog.topicFilterBeyondLimits(clientId, remote, filter, beyond));
        }
        String reserved = edge.registry().reservedTopic(receives);
        if (reserved != null) {
            return new Refusal(MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID,
                    () -> BridgeLog.reservedTopicFilter(clientId, remote, filter, reserved));
        }
        if (!connection.policy().authorizer().maySubscribe(connection.identity(), receives)) {
            return new Refusal(MqttReasonCodes.SubAck.NOT_AUTHORIZED,
                    () -> BridgeLog.subscribeDenied(clientId, remote, filter));
        }
        return null;
    }

    void unsubscribe(MqttConnection connection, MqttUnsubscribeMessage unsubscribe) {
        List<String> filters = unsubscribe.payload().topics();
        if (filters.isEmpty()) {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR, null,
                    () -> BridgeLog.protocolViolation(connection.clientId(),
                    connection.remoteAddress(), "UNSUBSCRIBE without a topic filter [MQTT-3.10.3-2]"));
            return;
        }
        int packetId = unsubscribe.variableHeader().messageId();
        if (idInUse(connection, "UNSUBSCRIBE", packetId)) {
            connection.write(connection.writer().unsubAck(packetId, java.util.Collections.nCopies(filters.size(),
                    (short) (MqttReasonCodes.UnsubAck.PACKET_IDENTIFIER_IN_USE.byteValue() & 0xFF))));
            return;
        }
        // A filter beyond the limits was never subscribed: nothing to remove, and it must not reach the backend.
        List<String> withinLimits = new ArrayList<>();
        // MQTT 5 says, filter by filter, whether there was a subscription to remove.
        Set<String> subscribed = new HashSet<>();
        connection.session().subscriptions().forEach(s -> subscribed.add(s.filter()));
        List<Short> codes = new ArrayList<>(filters.size());
        for (String filter : filters) {
            String beyond = connection.policy().topicLimits().violation(filter);
            if (beyond == null) {
                withinLimits.add(filter);
                codes.add((short) (subscribed.remove(filter) ? MqttReasonCodes.UnsubAck.SUCCESS.byteValue()
                        : MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED.byteValue()));
            } else {
                BridgeLog.unsubscribeBeyondLimits(connection.clientId(), connection.remoteAddress(), filter, beyond);
                codes.add((short) (MqttReasonCodes.UnsubAck.TOPIC_FILTER_INVALID.byteValue() & 0xFF));
            }
        }
        connection.session().unsubscribe(withinLimits).whenCompleteAsync((v, failure) -> {
            if (!connection.isClosing()) {
                connection.write(connection.writer().unsubAck(packetId, codes));
            }
        }, connection.executor());
    }
}
