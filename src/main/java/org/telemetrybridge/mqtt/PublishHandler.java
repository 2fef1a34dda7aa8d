package org.telemetrybridge.mqtt;

import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;

import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.topic.TopicName;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.Session;

/**
 * PUBLISH from a client and the PUBREL that completes a QoS 2 exchange. The client is acknowledged
 * (PUBACK, PUBREC, PUBCOMP) only once the backend has accepted what the packet asks for.
 */
final class PublishHandler {

    private final MqttEdge edge;

    PublishHandler(MqttEdge edge) {
        this.edge = edge;
    }

    void publish(MqttConnection connection, MqttPublishMessage publish) {
        Session session = connection.session();
        String topic = topic(connection, publish);
        if (topic == null) {
            return;
        }
        // A device mostly publishes to the same few topics: the last one that passed is not checked again.
        if (!topic.equals(connection.lastTopicChecked())) {
            if (TopicNameCheck.refused(edge, connection, connection.clientId(), topic, "")) {
                return;
            }
            connection.topicChecked(topic);
        }
        edge.publicationsReceived().increment();
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        if (qos == 1 && connection.writer().mqtt5() && session.packetIdInUse(packetId)) {
            // Its QoS 2 exchange on this id is not over; MQTT 5 can say so (0x91), and nothing is published.
            BridgeLog.packetIdInUse(connection.clientId(), connection.remoteAddress(), "PUBLISH", packetId);
            connection.writeAck(MqttMessageType.PUBACK, packetId,
                    MqttReasonCodes.PubAck.PACKET_IDENTIFIER_IN_USE.byteValue(), "packet identifier in use");
            return;
        }
        if (qos > 0 && !connection.inboundPublishStarted(packetId)) {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED, null,
                    () -> BridgeLog.protocolViolation(connection.clientId(), connection.remoteAddress(),
                            "more than the Receive Maximum of " + edge.receiveMaximum()
                                    + " QoS 1/2 PUBLISH packets unacknowledged [MQTT-3.3.4-7]"));
            return;
        }
        if (!connection.policy().authorizer().mayPublish(connection.identity(), topic)) {
            denied(connection, topic, qos, packetId);
            return;
        }
        MessageProperties properties = MessagePropertiesCodec.read(publish.variableHeader().properties(),
                System.currentTimeMillis());
        if (properties.responseTopic() != null && TopicName.violation(properties.responseTopic()) != null) {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR, null,
                    () -> BridgeLog.protocolViolation(connection.clientId(), connection.remoteAddress(),
                            "Response Topic '" + properties.responseTopic() + "' is not a topic name: "
                                    + TopicName.violation(properties.responseTopic()) + " [MQTT-3.3.2-14]"));
            return;
        }
        Publication publication = new Publication(topic, ByteBufUtil.getBytes(publish.payload()), qos,
                publish.fixedHeader().isRetain(), connection.clientId(), properties);
        connection.publishStarted();
        CompletableFuture<Void> accepted = session.acceptPublish(publication, packetId);
        if (qos == 0) {
            accepted.whenComplete((v, failure) -> {
                connection.publishFinished();
                if (failure != null) {
                    connection.executor().execute(() -> failed(connection, topic, failure));
                }
            });
            return;
        }
        MqttMessageType ack = qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC;
        accepted.whenCompleteAsync((v, failure) -> {
            connection.publishFinished();
            if (failure != null) {
                failed(connection, topic, failure);
            } else if (!connection.isClosing()) {
                if (qos == 1) {
                    connection.inboundPublishFinished(packetId);
                }
                connection.writeAck(ack, packetId);
            }
        }, connection.executor());
    }

    /**
     * MQTT 3.1.1 has no refusal for a PUBLISH: it is acknowledged as its QoS requires and dropped, so
     * the client does not send it again and again (its PUBREL then gets PUBCOMP like any other). MQTT 5
     * says why: reason code 0x87 (not authorized), which also ends a QoS 2 exchange at PUBREC.
     */
    private void denied(MqttConnection connection, String topic, int qos, int packetId) {
        edge.publicationsDenied().increment();
        BridgeLog.publishDenied(connection.clientId(), connection.remoteAddress(), topic);
        if (qos > 0) {
            connection.inboundPublishFinished(packetId);
            connection.writeAck(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, packetId,
                    MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue(), "not authorized to publish to this topic");
        }
    }

    /**
     * The topic of a PUBLISH: its topic name, or the one its MQTT 5 Topic Alias stands for; null if the
     * alias was never set (section 3.3.2.3.4) or its topics grow too long, and the connection is closed.
     */
    private static String topic(MqttConnection connection, MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        long alias = ConnectProperties.number(publish.variableHeader().properties(), MqttProperties.TOPIC_ALIAS, 0);
        if (alias == 0) {
            return topic;
        }
        if (topic.isEmpty()) {
            String aliased = connection.topicAliases().topic((int) alias);
            if (aliased == null) {
                Disconnector.close(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR, null,
                        () -> BridgeLog.protocolViolation(connection.clientId(), connection.remoteAddress(),
                                "a PUBLISH with Topic Alias " + alias + ", which it never set, and no topic name"
                                        + " (MQTT 5 section 3.3.2.3.4)"));
            }
            return aliased;
        }
        if (!connection.topicAliases().set((int) alias, topic)) {
            Disconnector.close(connection, MqttReasonCodes.Disconnect.QUOTA_EXCEEDED, null,
                    () -> BridgeLog.protocolViolation(connection.clientId(), connection.remoteAddress(),
                            "the topic names of its Topic Aliases exceed " + TopicAliases.MAX_INBOUND_TOPIC_CHARS
                                    + " characters together"));
            return null;
        }
        return topic;
    }

    void release(MqttConnection connection, int packetId) {
        connection.session().release(packetId).whenCompleteAsync((known, failure) -> {
            if (failure != null) {
                BridgeLog.sessionStoreFailed(connection.clientId(), failure);
                connection.disconnectReason(DisconnectReason.BACKEND_ERROR);
                Disconnector.close(connection, () -> { });
            } else if (!connection.isClosing()) {
                connection.inboundPublishFinished(packetId);
                // MQTT 5 tells a PUBREL for an id it does not know (0x92); 3.1.1 just completes it.
                connection.writeAck(MqttMessageType.PUBCOMP, packetId, known ? 0
                        : MqttReasonCodes.PubComp.PACKET_IDENTIFIER_NOT_FOUND.byteValue(), null);
            }
        }, connection.executor());
    }

    private static void failed(MqttConnection connection, String topic, Throwable failure) {
        connection.disconnectReason(DisconnectReason.BACKEND_ERROR);
        Disconnector.close(connection, () -> BridgeLog.publishFailed(connection.clientId(), connection.remoteAddress(),
                topic, failure));
    }
}
