package org.telemetrybridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The bridge's own encoder of property-less MQTT 5 PUBLISH packets writes exactly the bytes
 * netty-codec-mqtt's encoder writes for them (MQTT 5 section 3.3: fixed header, topic name, packet
 * identifier for QoS 1 and 2, property length 0, payload).
 */
class Mqtt5PublishEncoderTest {

    @ParameterizedTest
    @CsvSource({
            "0, false, false, a/b, 10",
            "1, false, true, sensors/boiler/temp, 256",
            "2, true, false, ünïcødé/töpic, 300",
            "1, true, true, x, 0",
            "0, false, false, long/enough/to/need/two/bytes, 20000"})
    void writesTheBytesNettysEncoderWrites(int qos, boolean dup, boolean retain, String topic, int payloadSize) {
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        assertThat(hex(bridgeEncoder(), publish(qos, dup, retain, topic, payload, MqttProperties.NO_PROPERTIES)))
                .isEqualTo(hex(nettyEncoderAtMqtt5(), publish(qos, dup, retain, topic, payload,
                        MqttProperties.NO_PROPERTIES)));
    }

    @Test
    void leavesAPublishWithPropertiesToNettysEncoder() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "text/plain"));
        EmbeddedChannel channel = bridgeEncoder();
        channel.writeOutbound(publish(1, false, false, "a/b", "hi".getBytes(StandardCharsets.UTF_8), properties));
        Object out = channel.readOutbound();
        assertThat(out).isInstanceOf(MqttPublishMessage.class);
        ((MqttPublishMessage) out).release();
    }

    private static EmbeddedChannel bridgeEncoder() {
        return new EmbeddedChannel(new Mqtt5PublishEncoder());
    }

    /** netty's encoder learns the version from the CONNECT it encodes. */
    private static EmbeddedChannel nettyEncoderAtMqtt5() {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.writeOutbound(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("c").build());
        ((ByteBuf) channel.readOutbound()).release();
        return channel;
    }

    private static MqttPublishMessage publish(int qos, boolean dup, boolean retain, String topic, byte[] payload,
                                              MqttProperties properties) {
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), retain, 0),
                new MqttPublishVariableHeader(topic, qos > 0 ? 4711 : -1, properties),
                Unpooled.wrappedBuffer(payload));
    }

    private static String hex(EmbeddedChannel channel, MqttPublishMessage publish) {
        channel.writeOutbound(publish);
        ByteBuf written = channel.readOutbound();
        try {
            return ByteBufUtil.hexDump(written);
        } finally {
            written.release();
        }
    }
}
