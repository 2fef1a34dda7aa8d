package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.Mosquitto;
import org.telemetrybridge.support.RawMqttClient;

/**
 * CONNECT: client identifier rules (under MQ Telemetry's rule {@code qmgr-name}; the default rule
 * {@code derived} is in DerivedQueueManagerNameTest), protocol levels, packet order.
 */
class ConnectTest {

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    LogCapture log;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data, Map.of("bridge.client-id.rule", "qmgr-name"));
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

    @Test
    void clientIdWithASpaceIsRejectedNamingTheCharacterAndPosition() {
        Mqtt3BlockingClient client = Devices.client(bridge.mqttPort(), "REXX pub client");
        Mqtt3ConnAckException refused = org.junit.jupiter.api.Assertions.assertThrows(Mqtt3ConnAckException.class,
                client::connect);
        assertThat(refused.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED);
        String line = log.awaitMessage("TBR0010W", "'REXX pub client'");
        assertThat(line).contains("space (U+0020) at position 5").contains("queue manager name");
    }

    @Test
    void twentyFourCharacterIdIsRejectedUnderMqtt31WithTheLengthRule() {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        Mosquitto.Result result = Mosquitto.pub(bridge.mqttPort(), "-V", "mqttv31", "-i", "ABCDEFGHIJKLMNOPQRSTUVWX",
                "-t", "t", "-m", "m");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).containsIgnoringCase("identifier rejected");
        String line = log.awaitMessage("TBR0010W", "ABCDEFGHIJKLMNOPQRSTUVWX");
        assertThat(line).contains("24 characters").contains("MQTT 3.1").contains("1 to 23");
    }

    @Test
    void twentyThreeCharacterIdIsAcceptedUnderMqtt31AndFortyEightUnder311() {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        assertThat(Mosquitto.pub(bridge.mqttPort(), "-V", "mqttv31", "-i", "ABCDEFGHIJKLMNOPQRSTUVW", "-t", "t",
                "-m", "m").exitCode()).isZero();
        String id48 = "Q".repeat(48);
        assertThat(Mosquitto.pub(bridge.mqttPort(), "-V", "mqttv311", "-i", id48, "-t", "t", "-m", "m").exitCode())
                .isZero();
        Mosquitto.Result tooLong = Mosquitto.pub(bridge.mqttPort(), "-V", "mqttv311", "-i", id48 + "Q", "-t", "t",
                "-m", "m");
        assertThat(tooLong.exitCode()).isNotZero();
        assertThat(log.awaitMessage("TBR0010W", id48 + "Q")).contains("49 characters");
    }

    @Test
    void emptyIdWithCleanSessionGetsAValidGeneratedId() {
        try (RawMqttClient raw = RawMqttClient.open(bridge.mqttPort())) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.connect("", true, 30);
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(bridge.bean(org.telemetrybridge.session.SessionRegistry.class).sessions())
                    .anySatisfy(s -> assertThat(s.clientId()).matches("[A-Za-z0-9._/%]{1,23}"));
        }
    }

    @Test
    void emptyIdWithoutCleanSessionIsRejected() {
        try (RawMqttClient raw = RawMqttClient.open(bridge.mqttPort())) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.connect("", false, 30);
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(raw.awaitClosed(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(log.awaitMessage("TBR0010W")).contains("only with clean session");
    }

    @Test
    void unsupportedProtocolLevelGetsReturnCode1() throws Exception {
        // CONNECT, protocol name "MQTT", level 9, clean session, keep-alive 30, client id "X".
        byte[] connect = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 9, 0x02, 0, 30, 0, 1, 'X'};
        try (Socket socket = RawMqttClient.rawSocket(bridge.mqttPort(), connect)) {
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            byte[] connack = in.readNBytes(4);
            assertThat(connack).containsExactly(0x20, 2, 0, 1);
            assertThat(in.read()).as("closed after CONNACK").isEqualTo(-1);
        }
        log.awaitMessage("TBR0012W");
    }

    @Test
    void mqtt5ClientIsAcceptedOnTheSamePort() {
        com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient client = com.hivemq.client.mqtt.mqtt5.Mqtt5Client.builder()
                .identifier("V5CLIENT").serverHost("127.0.0.1").serverPort(bridge.mqttPort()).buildBlocking();
        assertThat(client.connect().getReasonCode().isError()).isFalse();
        client.disconnect();
        assertThat(log.withId("TBR0012W")).isEmpty();
    }

    @Test
    void firstPacketOtherThanConnectClosesTheConnection() {
        try (RawMqttClient raw = RawMqttClient.open(bridge.mqttPort())) {
            raw.send(MqttMessage.PINGREQ);
            assertThat(raw.awaitClosed(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(log.awaitMessage("TBR0013W")).contains("PINGREQ");
    }

    @Test
    void secondConnectClosesTheConnection() {
        try (RawMqttClient raw = RawMqttClient.open(bridge.mqttPort())) {
            raw.connect("TWICE", true, 30);
            raw.send(raw.connectMessage("TWICE", true, 30));
            assertThat(raw.awaitClosed(5, TimeUnit.SECONDS)).isTrue();
        }
        log.awaitMessage("TBR0014W", "TWICE");
    }

    @Test
    void malformedPacketClosesOnlyThatConnection() {
        try (RawMqttClient good = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient bad = RawMqttClient.open(bridge.mqttPort())) {
            good.connect("GOOD1", true, 30);
            bad.connect("BAD1", true, 30);
            // SUBSCRIBE with reserved flags 0000 instead of 0010 [MQTT-3.8.1-1].
            bad.sendBytes(new byte[] {(byte) 0x80, 6, 0, 1, 0, 1, 'a', 0});
            assertThat(bad.awaitClosed(5, TimeUnit.SECONDS)).isTrue();
            good.send(MqttMessage.PINGREQ);
            good.expect(MqttMessageType.PINGRESP);
        }
        log.awaitMessage("TBR0022W", "BAD1");
    }

    @Test
    void oversizePacketIsRejectedAndLogged() {
        try (RawMqttClient raw = RawMqttClient.open(bridge.mqttPort())) {
            raw.connect("BIG1", true, 30);
            // The bridge may close while the client still writes; only the close matters here.
            raw.publishWithoutWaiting("big", new byte[4 * 1024 * 1024 + 1]);
            assertThat(raw.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        }
        log.awaitMessage("TBR0023W", "BIG1");
    }

    @Test
    void pingRequestIsAnswered() {
        try (RawMqttClient raw = RawMqttClient.open(bridge.mqttPort())) {
            raw.connect("PINGER", true, 30);
            raw.send(MqttMessage.PINGREQ);
            raw.expect(MqttMessageType.PINGRESP);
        }
    }

    @Test
    void connackCarriesSessionPresentForAResumedPersistentSession() {
        Mqtt3BlockingClient client = Devices.client(bridge.mqttPort(), "RESUME1");
        Mqtt3ConnAck first = client.connectWith().cleanSession(false).send();
        assertThat(first.isSessionPresent()).isFalse();
        client.disconnect();
        Mqtt3ConnAck second = client.connectWith().cleanSession(false).send();
        assertThat(second.isSessionPresent()).isTrue();
        client.disconnect();
        Mqtt3ConnAck clean = client.connectWith().cleanSession(true).send();
        assertThat(clean.isSessionPresent()).isFalse();
        client.disconnect();
    }
}
