package org.telemetrybridge.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttReasonCodes;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.topic.TopicName;

/**
 * A topic name a client sends (PUBLISH, will in CONNECT): MQTT's rules, the bridge's limits, and the
 * names the backend keeps for itself.
 * MQTT 3.1.1 has no answer but closing the connection for either. MQTT 5 has: DISCONNECT 0x90 for a
 * PUBLISH, and CONNACK 0x90 for the will topic of a CONNECT [MQTT-4.13.1-1].
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
            refuse(connection, () -> BridgeLog.invalidTopicName(clientId, remote, topic, what + violation));
            return true;
        }
        String beyond = connection.policy().topicLimits().violation(topic);
        if (beyond != null) {
            refuse(connection, () -> BridgeLog.topicNameBeyondLimits(clientId, remote, topic, what + beyond));
            return true;
        }
        String reserved = edge.registry().reservedTopic(topic);
        if (reserved != null) {
            refuse(connection, () -> BridgeLog.reservedTopicName(clientId, remote, topic, what + reserved));
            return true;
        }
        return false;
    }

    private static void refuse(MqttConnection connection, Runnable logEvent) {
        if (connection.state() != MqttConnection.State.CONNECTED && connection.writer().mqtt5()) {
            Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID,
                    "will topic refused", logEvent);
        } else {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.TOPIC_NAME_INVALID, null, logEvent);
        }
    }
}
