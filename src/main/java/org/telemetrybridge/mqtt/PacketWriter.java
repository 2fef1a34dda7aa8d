package org.telemetrybridge.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import org.telemetrybridge.session.port.OutgoingPublish;

/**
 * Builds the packets a connection sends, in the wire form of the client's protocol version. MQTT 3.1
 * and 3.1.1 share one form; a version with properties and reason codes (MQTT 5) adds them here,
 * behind the same calls, so the core and the handlers do not change.
 */
final class PacketWriter {

    private final int protocolLevel;

    /** @param protocolLevel the CONNECT's protocol level: 3 for MQTT 3.1, 4 for 3.1.1 */
    PacketWriter(int protocolLevel) {
        this.protocolLevel = protocolLevel;
    }

    int protocolLevel() {
        return protocolLevel;
    }

    MqttPublishMessage publish(OutgoingPublish publish) {
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, publish.dup(), MqttQoS.valueOf(publish.qos()),
                        publish.retain(), 0),
                new MqttPublishVariableHeader(publish.topic(), publish.packetId()),
                Unpooled.wrappedBuffer(publish.payload()));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP; PUBREL carries QoS 1 in its fixed header [MQTT-3.6.1-1]. */
    MqttMessage ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 2), MqttMessageIdVariableHeader.from(packetId));
    }
}
