package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrybridge.support.RawPackets.bytes;
import static org.telemetrybridge.support.RawPackets.packet;
import static org.telemetrybridge.support.RawPackets.string;
import static org.telemetrybridge.support.RawPackets.u16;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;
import org.telemetrybridge.support.RawPackets;

/**
 * The MQTT 5 rules on properties and options that end a connection with reason 0x81 (malformed
 * packet), 0x82 (protocol error) or a more precise code, sent as raw bytes over a socket: before
 * CONNACK in CONNACK [MQTT-4.13.1-1], after it in DISCONNECT [MQTT-4.13.2-1]. Each names the MQTT 5
 * statement or section it checks.
 */
class Mqtt5MalformedTest {

    private static final int MALFORMED = 0x81;
    private static final int PROTOCOL_ERROR = 0x82;

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    LogCapture log;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data, Map.of());
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    @BeforeEach
    void captureLog() {
        log = new LogCapture();
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    // --- CONNECT: CONNACK with the reason code, then closed ----------------------------------------

    @Test
    void sessionExpiryTwiceInConnectIsAProtocolError_section_3_1_2_11_2() throws Exception {
        assertConnectRefused(bytes(0x11, 0, 0, 0, 10, 0x11, 0, 0, 0, 20), PROTOCOL_ERROR);
        log.awaitMessage("TBR0024W", "more than once");
    }

    @Test
    void topicAliasInConnectIsMalformed_section_2_2_2_2() throws Exception {
        assertConnectRefused(bytes(0x23, 0, 1), MALFORMED);
        log.awaitMessage("TBR0022W", "not allowed in CONNECT");
    }

    @Test
    void receiveMaximumZeroIsAProtocolError_section_3_1_2_11_3() throws Exception {
        assertConnectRefused(bytes(0x21, 0, 0), PROTOCOL_ERROR);
    }

    @Test
    void maximumPacketSizeZeroIsAProtocolError_section_3_1_2_11_4() throws Exception {
        assertConnectRefused(bytes(0x27, 0, 0, 0, 0), PROTOCOL_ERROR);
    }

    @Test
    void requestProblemInformationTwoIsAProtocolError_section_3_1_2_11_7() throws Exception {
        assertConnectRefused(bytes(0x17, 2), PROTOCOL_ERROR);
    }

    @Test
    void willDelayIntervalOutsideTheWillPropertiesIsMalformed_section_2_2_2_2() throws Exception {
        assertConnectRefused(bytes(0x18, 0, 0, 0, 5), MALFORMED);
    }

    // --- after CONNACK: DISCONNECT with the reason code, then closed ----------------------------------

    @Test
    void topicAliasZeroEndsWithTopicAliasInvalid_MQTT_3_3_2_8() {
        assertDisconnected(packet(0x30, string("a/b"), bytes(3, 0x23, 0, 0), bytes('x')), 0x94);
        log.awaitMessage("TBR0024W", "[MQTT-3.3.2-8]");
    }

    @Test
    void topicAliasAboveTheMaximumEndsWithTopicAliasInvalid_MQTT_3_3_2_9() {
        // CONNACK's Topic Alias Maximum is bridge.mqtt.topic-alias-maximum, 10.
        assertDisconnected(packet(0x30, string("a/b"), bytes(3, 0x23, 0, 11), bytes('x')), 0x94);
        log.awaitMessage("TBR0024W", "[MQTT-3.3.2-9]");
    }

    @Test
    void aTopicAliasNeverSetWithAnEmptyTopicIsAProtocolError_section_3_3_2_3_4() {
        assertDisconnected(packet(0x30, string(""), bytes(3, 0x23, 0, 3), bytes('x')), PROTOCOL_ERROR);
        log.awaitMessage("TBR0024W", "never set");
    }

    @Test
    void subscriptionIdentifierInAClientPublishIsAProtocolError_MQTT_3_3_4_6() {
        assertDisconnected(packet(0x30, string("a/b"), bytes(2, 0x0B, 1), bytes('x')), PROTOCOL_ERROR);
    }

    @Test
    void messageExpiryTwiceInPublishIsAProtocolError_section_3_3_2_3_3() {
        assertDisconnected(packet(0x30, string("a/b"), bytes(10, 0x02, 0, 0, 0, 9, 0x02, 0, 0, 0, 9), bytes('x')),
                PROTOCOL_ERROR);
    }

    @Test
    void sessionExpiryInPublishIsMalformed_section_2_2_2_2() {
        assertDisconnected(packet(0x30, string("a/b"), bytes(5, 0x11, 0, 0, 0, 9), bytes('x')), MALFORMED);
    }

    @Test
    void qos0PublishWithDupIsMalformed_MQTT_3_3_1_2() {
        assertDisconnected(packet(0x38, string("a/b"), bytes(0), bytes('x')), MALFORMED);
    }

    @Test
    void reservedSubscriptionOptionBitsAreMalformed_MQTT_3_8_3_5() {
        assertDisconnected(packet(0x82, u16(1), bytes(0), string("a/b"), bytes(0x41)), MALFORMED);
    }

    @Test
    void retainHandling3IsAProtocolError_section_3_8_3_1() {
        assertDisconnected(packet(0x82, u16(1), bytes(0), string("a/b"), bytes(0x31)), PROTOCOL_ERROR);
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError_section_3_8_2_1_2() {
        assertDisconnected(packet(0x82, u16(1), bytes(2, 0x0B, 0), string("a/b"), bytes(1)), PROTOCOL_ERROR);
    }

    @Test
    void subscriptionIdentifierTwiceIsAProtocolError_section_3_8_2_1_2() {
        assertDisconnected(packet(0x82, u16(1), bytes(4, 0x0B, 7, 0x0B, 8), string("a/b"), bytes(1)), PROTOCOL_ERROR);
    }

    @Test
    void reasonStringTwiceInPubackIsAProtocolError_section_3_4_2_2_2() {
        assertDisconnected(packet(0x40, u16(1), bytes(0, 8, 0x1F, 0, 1, 'a', 0x1F, 0, 1, 'b')), PROTOCOL_ERROR);
    }

    @Test
    void authWithoutAnAuthenticationMethodIsAProtocolError_section_4_12() {
        assertDisconnected(packet(0xF0, bytes(0x18, 0)), PROTOCOL_ERROR);
    }

    @Test
    void disconnectSettingASessionExpiryAfterZeroIsAProtocolError_MQTT_3_14_2_2() {
        assertDisconnected(packet(0xE0, bytes(0, 5, 0x11, 0, 0, 0, 60)), PROTOCOL_ERROR);
        log.awaitMessage("TBR0024W", "[MQTT-3.14.2-2]");
    }

    @Test
    void otherClientsCarryOnAfterAMalformedPacket() {
        try (RawMqttClient other = RawMqttClient.open(bridge.mqttPort())) {
            other.connect5("MALF_OTHER", true, 0, MqttProperties.NO_PROPERTIES);
            assertDisconnected(packet(0x30, string("a/b"), bytes(3, 0x23, 0, 0), bytes('x')), 0x94);
            assertThat(other.subscribe(1, "still/here", 1)).isNotNull();
        }
    }

    /** Sends a CONNECT with these property bytes; expects CONNACK with the reason code, then the close. */
    private void assertConnectRefused(byte[] properties, int reasonCode) throws Exception {
        try (Socket socket = RawMqttClient.rawSocket(bridge.mqttPort(), RawPackets.connect5(properties, "BAD5"))) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            byte[] connack = in.readNBytes(5);
            assertThat(connack).containsExactly(0x20, 3, 0, reasonCode, 0);
            assertThat(in.read()).as("closed after CONNACK").isEqualTo(-1);
        }
    }

    /** Connects with MQTT 5, sends the packet; expects DISCONNECT with the reason code, then the close. */
    private void assertDisconnected(byte[] badPacket, int reasonCode) {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            MqttMessage connack = client.connect5("MALF5", true, 0, MqttProperties.NO_PROPERTIES);
            assertThat(RawMqttClient.reasonCode(connack)).isZero();
            client.sendBytes(badPacket);
            MqttMessage disconnect = client.expect(MqttMessageType.DISCONNECT);
            assertThat(RawMqttClient.reasonCode(disconnect)).isEqualTo(reasonCode);
            assertThat(client.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
