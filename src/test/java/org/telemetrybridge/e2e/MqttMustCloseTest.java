package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrybridge.support.RawPackets.bytes;
import static org.telemetrybridge.support.RawPackets.concat;
import static org.telemetrybridge.support.RawPackets.connect31;
import static org.telemetrybridge.support.RawPackets.connect311;
import static org.telemetrybridge.support.RawPackets.fixedHeader;
import static org.telemetrybridge.support.RawPackets.packet;
import static org.telemetrybridge.support.RawPackets.string;
import static org.telemetrybridge.support.RawPackets.u16;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * The MUST-close statements of MQTT 3.1.1's CONNECT, PUBLISH, SUBSCRIBE and UNSUBSCRIBE sections,
 * each sent as raw bytes: the bridge closes the connection at once, without CONNACK where the
 * CONNECT itself was wrong, and logs why with a message id. "At once" is well within the connect
 * timeout (30 s here) and the keep-alive (60 s) that a waiting decoder would run into.
 * docs/mqtt.md lists every statement with the test that checks it.
 */
class MqttMustCloseTest {

    private static final long AT_ONCE_SECONDS = 5;

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    LogCapture log;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data, Map.of("bridge.mqtt.connect-timeout", "30s"));
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

    // --- CONNECT -----------------------------------------------------------------------------------

    @Test
    void reservedConnectFlagCloses_MQTT_3_1_2_3() {
        refusedConnect(connect311(0x03, "RESERVED1"), "TBR0022W", "reserved");
    }

    @Test
    void willQosWithoutWillFlagCloses_MQTT_3_1_2_11_and_13() {
        refusedConnect(connect311(0x0A, "WILLQOS1"), "TBR0019W", "[MQTT-3.1.2-13]");
    }

    @Test
    void willRetainWithoutWillFlagCloses_MQTT_3_1_2_11_and_15() {
        refusedConnect(connect311(0x22, "WILLRET1"), "TBR0019W", "[MQTT-3.1.2-15]");
    }

    @Test
    void willQos3Closes_MQTT_3_1_2_14() {
        refusedConnect(connect311(0x1E, "WILLQOS3", string("will/topic"), string("bye")), "TBR0019W",
                "[MQTT-3.1.2-14]");
    }

    @Test
    void passwordWithoutUserNameCloses_MQTT_3_1_2_22() {
        refusedConnect(connect311(0x42, "PASSONLY", string("secret")), "TBR0019W", "[MQTT-3.1.2-22]");
    }

    @Test
    void userNameFlagWithoutUserNameClosesAtOnce_MQTT_3_1_4_1() {
        refusedConnect(connect311(0x82, "NOUSER"), "TBR0022W", "past the end");
    }

    @Test
    void clientIdLengthPastTheEndOfConnectClosesAtOnce_MQTT_3_1_4_1() {
        refusedConnect(packet(0x10, string("MQTT"), bytes(4, 0x02), u16(60), u16(50), bytes('a', 'b', 'c')),
                "TBR0022W", "past the end");
    }

    @Test
    void oversizeConnectIsRefusedAsTooLargeBeforeItsBodyArrives() {
        // A CONNECT declaring 400,000 bytes, more than any well-formed one; only its start is sent.
        byte[] start = concat(fixedHeader(0x10, 400_000), string("MQTT"), bytes(4, 0x02), u16(60));
        refusedConnect(start, "TBR0023W", "CONNECT");
    }

    // --- PUBLISH -----------------------------------------------------------------------------------

    @Test
    void qos0PublishWithDupCloses_MQTT_3_3_1_2() {
        closedAfter("DUPQOS0", packet(0x38, string("t"), bytes('x')), "TBR0024W", "[MQTT-3.3.1-2]");
    }

    @Test
    void publishWithQos3Closes_MQTT_3_3_1_4() {
        closedAfter("PUBQOS3", packet(0x36, string("t"), u16(1), bytes('x')), "TBR0022W", "QOS");
    }

    @Test
    void publishTopicWithWildcardCloses_MQTT_3_3_2_2() {
        closedAfter("PUBWILD", packet(0x30, string("a/+"), bytes('x')), "TBR0022W", "wildcard");
    }

    @Test
    void publishTopicLengthPastTheEndClosesAtOnce() {
        closedAfter("PUBPAST", packet(0x32, u16(100), bytes('a', 'b')), "TBR0022W", "past the end");
    }

    // --- SUBSCRIBE ---------------------------------------------------------------------------------

    @Test
    void subscribeWithoutTopicFilterCloses_MQTT_3_8_3_3() {
        closedAfter("SUBNONE", packet(0x82, u16(1)), "TBR0024W", "[MQTT-3.8.3-3]");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x03, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x81})
    void subscribeRequestedQosWithReservedBitsCloses_MQTT_3_8_3_4(int option) {
        String clientId = "SUBBITS" + option;
        closedAfter(clientId, packet(0x82, u16(1), string("a/b"), bytes(option)), "TBR0024W", clientId,
                "[MQTT-3.8.3-4]");
    }

    @Test
    void subscribeFilterLengthPastTheEndClosesAtOnce() {
        closedAfter("SUBPAST", packet(0x82, u16(1), u16(40), bytes('a', 0)), "TBR0022W", "past the end");
    }

    // --- UNSUBSCRIBE -------------------------------------------------------------------------------

    @Test
    void unsubscribeWithReservedHeaderFlagsCloses_MQTT_3_10_1_1() {
        closedAfter("UNSBITS", packet(0xA0, u16(1), string("a")), "TBR0022W", "UNSUBSCRIBE");
    }

    @Test
    void unsubscribeWithoutTopicFilterCloses_MQTT_3_10_3_2() {
        closedAfter("UNSNONE", packet(0xA2, u16(1)), "TBR0024W", "[MQTT-3.10.3-2]");
    }

    // --- each protocol level by its own rules ------------------------------------------------------

    @Test
    void mqtt31ClientResendingPubrelWithDupGetsItsPubcomp() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.sendBytes(connect31(0x02, "OLD31"));
            assertThat(((MqttConnAckMessage) client.expect(MqttMessageType.CONNACK)).variableHeader()
                    .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            client.publish("old/31", new byte[] {1}, 2, false, 7);
            client.expect(MqttMessageType.PUBREC);
            // PUBREL sent again, with DUP set, as MQTT 3.1 allows (and MQ Telemetry-era devices do).
            client.sendBytes(bytes(0x6A, 2, 0, 7));
            assertThat(packetId(client.expect(MqttMessageType.PUBCOMP))).isEqualTo(7);
            client.sendBytes(bytes(0x6A, 2, 0, 7));
            assertThat(packetId(client.expect(MqttMessageType.PUBCOMP))).isEqualTo(7);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void mqtt31ClientIsNotHeldToTheConnectFlagRulesOf311ButWillQos3IsRefused() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.sendBytes(connect31(0x22, "OLDWILL")); // Will Retain without the Will Flag: 3.1 states no rule
            assertThat(((MqttConnAckMessage) client.expect(MqttMessageType.CONNACK)).variableHeader()
                    .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
        refusedConnect(connect31(0x1E, "OLDQOS3", string("will/topic"), string("bye")), "TBR0019W",
                "[MQTT-3.1.2-14]");
    }

    @Test
    void mqtt311PubrelWithDupCloses_MQTT_3_6_1_1() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect("NEW311", true, 60);
            client.publish("new/311", new byte[] {1}, 2, false, 7);
            client.expect(MqttMessageType.PUBREC);
            client.sendBytes(bytes(0x6A, 2, 0, 7));
            assertThat(client.awaitClosed(AT_ONCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        log.awaitMessage("TBR0022W", "NEW311", "PUBREL");
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Sends a CONNECT that breaks a rule: closed at once, no CONNACK [MQTT-3.1.4-1], and logged. */
    private void refusedConnect(byte[] connect, String... logged) {
        String address;
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            address = client.localAddress();
            client.sendBytes(connect);
            assertThat(client.awaitClosed(AT_ONCE_SECONDS, TimeUnit.SECONDS)).as("closed at once").isTrue();
            assertThat(client.poll(100, TimeUnit.MILLISECONDS)).as("no CONNACK").isNull();
        }
        String line = log.awaitMessage(logged);
        assertThat(line).contains(address);
    }

    /** Connects, sends a packet that breaks a rule: closed at once and logged. */
    private void closedAfter(String clientId, byte[] packet, String... logged) {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect(clientId, true, 60);
            client.sendBytes(packet);
            assertThat(client.awaitClosed(AT_ONCE_SECONDS, TimeUnit.SECONDS)).as("closed at once").isTrue();
        }
        String line = log.awaitMessage(logged);
        assertThat(line).contains(clientId);
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

}
