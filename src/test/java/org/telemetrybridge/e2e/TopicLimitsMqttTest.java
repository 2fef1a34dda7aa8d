package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Topic names and filters beyond the bridge's limits (bridge.topic.max-length, bridge.topic.max-levels)
 * are refused at the edge, before anything reaches the backend.
 */
class TopicLimitsMqttTest {

    @TempDir
    static Path data;

    private static BridgeInstance bridge;

    @BeforeAll
    static void start() {
        bridge = BridgeInstance.started(data);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    static String levels(int count) {
        return "a/".repeat(count - 1) + "a";
    }

    private static RawMqttClient connected(String clientId) {
        RawMqttClient client = RawMqttClient.open(bridge.mqttPort());
        client.connect(clientId, true, 0);
        return client;
    }

    @Test
    void aTooDeepFilterGets0x80AndTheOtherFiltersOfTheSubscribeAreStillGranted() {
        try (LogCapture log = new LogCapture(); RawMqttClient client = connected("DEEPSUB")) {
            client.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "ok/one")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, levels(101))
                    .addSubscription(MqttQoS.AT_MOST_ONCE, levels(100))
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "/".repeat(30_000))
                    .build());
            MqttSubAckMessage ack = (MqttSubAckMessage) client.expect(MqttMessageType.SUBACK);
            assertThat(ack.payload().grantedQoSLevels()).containsExactly(1, 0x80, 0, 0x80);
            assertThat(log.awaitMessage("TBR0121W", "DEEPSUB", "more than 100 levels")).contains("characters)");
        }
    }

    @Test
    void aFilterLongerThanMqsTopicStringLimitGets0x80() {
        try (LogCapture log = new LogCapture(); RawMqttClient client = connected("LONGSUB")) {
            MqttSubAckMessage ack = (MqttSubAckMessage) client.subscribe(1, "x".repeat(10_241), 1);
            assertThat(ack.payload().grantedQoSLevels()).containsExactly(0x80);
            MqttSubAckMessage fits = (MqttSubAckMessage) client.subscribe(2, "x".repeat(10_240), 1);
            assertThat(fits.payload().grantedQoSLevels()).containsExactly(1);
            log.awaitMessage("TBR0121W", "LONGSUB", "10241 bytes long");
        }
    }

    /** MQTT 3.1.1 has no PUBLISH refusal but closing the connection [MQTT-4.8.0-1]. */
    @Test
    void publishingToATooDeepTopicClosesTheConnection() {
        try (LogCapture log = new LogCapture(); RawMqttClient client = connected("DEEPPUB")) {
            client.publish(levels(101), new byte[] {1}, 1, false, 7);
            assertThat(client.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.poll(0, TimeUnit.SECONDS)).as("no PUBACK").isNull();
            log.awaitMessage("TBR0120W", "DEEPPUB", "connection closed");
        }
    }

    @Test
    void publishingToATooLongTopicClosesTheConnection() {
        try (LogCapture log = new LogCapture(); RawMqttClient client = connected("LONGPUB")) {
            client.publish("y".repeat(10_241), new byte[] {1}, 0, false, 0);
            assertThat(client.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            log.awaitMessage("TBR0120W", "LONGPUB", "10241 bytes long");
        }
    }

    @Test
    void aWillOnATooDeepTopicClosesTheConnectionWithoutConnack() {
        try (LogCapture log = new LogCapture(); RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            MqttConnectMessage connect = MqttMessageBuilders.connect().clientId("DEEPWILL").cleanSession(true)
                    .protocolVersion(MqttVersion.MQTT_3_1_1).willFlag(true).willTopic(levels(101))
                    .willMessage(new byte[] {1}).willQoS(MqttQoS.AT_MOST_ONCE).build();
            client.send(connect);
            assertThat(client.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.poll(0, TimeUnit.SECONDS)).as("no CONNACK").isNull();
            log.awaitMessage("TBR0120W", "DEEPWILL", "will topic");
        }
    }

    @Test
    void unsubscribingFromATooDeepFilterIsAcknowledgedAndRemovesNothing() {
        try (LogCapture log = new LogCapture(); RawMqttClient client = connected("DEEPUNSUB")) {
            client.subscribe(1, "keep/this", 1);
            client.send(MqttMessageBuilders.unsubscribe().messageId(2).addTopicFilter(levels(101)).build());
            client.expect(MqttMessageType.UNSUBACK);
            log.awaitMessage("TBR0122I", "DEEPUNSUB");
            assertThat(client.isOpen()).isTrue();
        }
    }
}
