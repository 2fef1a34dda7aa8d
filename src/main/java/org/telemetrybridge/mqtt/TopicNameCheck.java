package org.telemetrybridge.mqtt;

import io.netty.handler.codec.mqtt.MqttReasonCodes;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.topic.TopicName;

/**
 * A topic name a client sends (PUBLISH, will in CONNECT): MQTT's rules, the bridge's limits, and the
 * names the backend keeps for itself.
 * MQTT 3.1.1 has no answer but closing the connection for either.
 */
final class TopicNameCheck {

    private TopicNameCheck() {
    }

    /**
     * @param what what the topic is for, e.g. "will topic: ", prefixed to the reason
     * @return whether the topic was refused and the connection closed
     */
    static boolean refused(MqttEdge edge, MqttConnection connection, String clientId, String topic, String what) {
        String remote = connection.remoteAddress();
        String violation = TopicName.violation(topic);
        if (violation != null) {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.TOPIC_NAME_INVALID, null,
                    () -> BridgeLog.invalidTopicName(clientId, remote, topic, what + violation));
            return true;
        }
        String beyond = connection.policy().topicLimits().violation(topic);
        if (beyond != null) {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.TOPIC_NAME_INVALID, null,
                    () -> BridgeLog.topicNameBeyondLimits(clientId, remote, topic, what + beyond));
            return true;
        }
        String reserved = edge.registry().reservedTopic(topic);
        if (reserved != null) {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.TOPIC_NAME_INVALID, null,
                    () -> BridgeLog.reservedTopicName(clientId, remote, topic, what + reserved));
            return true;
        }
        return false;
    }
}
