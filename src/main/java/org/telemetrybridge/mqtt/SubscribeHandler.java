package org.telemetrybridge.mqtt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.Session;
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
                connection.session().noLocal(filter, topics.get(i).option().isNoLocal());
                // Retained publications go to new Non-shared Subscriptions only (MQTT 5 section 3.3.1.3).
                if (!SharedFilter.isShared(filter)
                        && sendsRetained(topics.get(i).option().retainHandling(), existing.contains(filter))) {
                    wantRetained.add(subscription);
                }
            }
        }
        int packetId = subscribe.variableHeader().messageId();
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
