package org.telemetrybridge.mqtt;

import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.Session;
import org.telemetrybridge.topic.TopicFilter;

/**
 * SUBSCRIBE and UNSUBSCRIBE. An invalid filter gets return code 0x80 in SUBACK and the others are
 * still made; SUBACK is sent once the backend subscriptions exist, then the retained publications.
 */
final class SubscribeHandler {

    /** SUBACK's return code for a refused filter, in MQTT 3.1.1 [MQTT-3.9.3-2]. */
    static final int SUBSCRIPTION_FAILED = 0x80;

    private final MqttEdge edge;

    SubscribeHandler(MqttEdge edge) {
        this.edge = edge;
    }

    void subscribe(MqttConnection connection, MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> topics = subscribe.payload().topicSubscriptions();
        if (topics.isEmpty()) {
            Disconnector.close(connection, () -> BridgeLog.protocolViolation(connection.clientId(),
                    connection.remoteAddress(), "SUBSCRIBE without a topic filter [MQTT-3.8.3-3]"));
            return;
        }
        List<Session.Subscription> valid = new ArrayList<>();
        Integer[] codes = new Integer[topics.size()];
        for (int i = 0; i < topics.size(); i++) {
            String filter = topics.get(i).topicFilter();
            Runnable refusal = refusal(connection, filter);
            if (refusal != null) {
                refusal.run();
                codes[i] = SUBSCRIPTION_FAILED;
            } else {
                valid.add(new Session.Subscription(filter, topics.get(i).qualityOfService().value()));
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
                    if (codes[i] != SUBSCRIPTION_FAILED) {
                        made.add(valid.get(next));
                    }
                    next++;
                }
            }
            if (connection.isClosing()) {
                return;
            }
            MqttMessageBuilders.SubAckBuilder ack = MqttMessageBuilders.subAck().packetId(packetId);
            for (Integer code : codes) {
                ack.addGrantedQos(MqttQoS.valueOf(code));
            }
            connection.write(ack.build());
            session.readRetained(made).thenAcceptAsync(found -> {
                if (!connection.isClosing()) {
                    session.sendRetained(found);
                }
            }, connection.executor());
        }, connection.executor());
    }

    /** The log line of a filter that SUBACK refuses (0x80) before it reaches the backend; null if none. */
    private Runnable refusal(MqttConnection connection, String filter) {
        String clientId = connection.clientId();
        String remote = connection.remoteAddress();
        String violation = TopicFilter.violation(filter);
        if (violation != null) {
            return () -> BridgeLog.invalidTopicFilter(clientId, remote, filter, violation);
        }
        String beyond = connection.policy().topicLimits().violation(filter);
        if (beyond != null) {
            return () -> BridgeLog.topicFilterBeyondLimits(clientId, remote, filter, beyond);
        }
        String reserved = edge.registry().reservedTopic(filter);
        if (reserved != null) {
            return () -> BridgeLog.reservedTopicFilter(clientId, remote, filter, reserved);
        }
        if (!connection.policy().authorizer().maySubscribe(connection.identity(), filter)) {
            return () -> BridgeLog.subscribeDenied(clientId, remote, filter);
        }
        return null;
    }

    void unsubscribe(MqttConnection connection, MqttUnsubscribeMessage unsubscribe) {
        List<String> filters = unsubscribe.payload().topics();
        if (filters.isEmpty()) {
            Disconnector.close(connection, () -> BridgeLog.protocolViolation(connection.clientId(),
                    connection.remoteAddress(), "UNSUBSCRIBE without a topic filter [MQTT-3.10.3-2]"));
            return;
        }
        int packetId = unsubscribe.variableHeader().messageId();
        // A filter beyond the limits was never subscribed: nothing to remove, and it must not reach the backend.
        List<String> withinLimits = new ArrayList<>();
        for (String filter : filters) {
            String beyond = connection.policy().topicLimits().violation(filter);
            if (beyond == null) {
                withinLimits.add(filter);
            } else {
                BridgeLog.unsubscribeBeyondLimits(connection.clientId(), connection.remoteAddress(), filter, beyond);
            }
        }
        connection.session().unsubscribe(withinLimits).whenCompleteAsync((v, failure) -> {
            if (!connection.isClosing()) {
                connection.write(MqttMessageBuilders.unsubAck().packetId(packetId).build());
            }
        }, connection.executor());
    }
}
