package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrybridge.support.RawPackets.bytes;
import static org.telemetrybridge.support.RawPackets.concat;
import static org.telemetrybridge.support.RawPackets.fixedHeader;
import static org.telemetrybridge.support.RawPackets.string;
import static org.telemetrybridge.support.RawPackets.u16;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * The MQTT 5 edge cases around CONNECT and packet identifiers: the delayed will, cancelled when the
 * client is back and sent at once when its session ends first; CONNACK reason codes for a refusal found
 * in the CONNECT (0x95 too large, 0x90 will topic); reason code 0x91 for a packet id still in use.
 */
class Mqtt5EdgeCasesTest {

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

    // --- topic aliases the bridge sets --------------------------------------------------------------

    /**
     * By default (bridge.mqtt.outbound-topic-alias-maximum 0) the bridge sends every topic name whole,
     * even to a client that takes aliases: a sender may use aliases, it need not [MQTT-3.3.2-8]
     * (Mqtt5Test checks them with the setting on).
     */
    @Test
    void byDefaultTheBridgeSendsTopicNamesWholeToAClientThatTakesAliases() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, 10));
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "NOALIASPUB5");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("NOALIAS5", true, 0, properties);
            client.subscribe(1, "noalias5/#", 0);
            for (int i = 0; i < 2; i++) {
                publisher.publishWith().topic("noalias5/a").payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
            for (int i = 0; i < 2; i++) {
                MqttPublishMessage publish = (MqttPublishMessage) client.expect(MqttMessageType.PUBLISH);
                assertThat(publish.variableHeader().topicName()).isEqualTo("noalias5/a");
                assertThat(publish.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS)).isNull();
            }
        } finally {
            publisher.disconnect();
        }
    }

    // --- Will Delay Interval -----------------------------------------------------------------------

    @Test
    void aClientBackBeforeTheWillDelayCancelsItsWill_MQTT_3_1_3_9() throws InterruptedException {
        Mqtt3BlockingClient watcher = Devices.connected(bridge.mqttPort(), "CANCELWATCH5");
        try (var wills = watcher.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient first = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient again = RawMqttClient.open(bridge.mqttPort())) {
            watcher.subscribeWith().topicFilter("willcancel5/+").send();
            Mqtt5Test.connectWithDelayedWill(first, "WILLCANCEL5", true, "willcancel5/a", 2);
            first.drop();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session("WILLCANCEL5").willPending());
            Mqtt5Test.connectWithDelayedWill(again, "WILLCANCEL5", false, "willcancel5/a", 2);
            assertThat(session("WILLCANCEL5").willPending()).as("the timer is cancelled at the reconnect").isFalse();
            // Past the 2 s delay (bounded look): no will [MQTT-3.1.3-9].
            assertThat(wills.receive(4, TimeUnit.SECONDS)).isEmpty();
            again.disconnectEndingSession();
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void aSessionEndingBeforeTheWillDelayPublishesTheWillThen_MQTT_3_1_3_9() throws InterruptedException {
        Mqtt3BlockingClient watcher = Devices.connected(bridge.mqttPort(), "ENDWATCH5");
        try (var wills = watcher.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient first = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient again = RawMqttClient.open(bridge.mqttPort())) {
            watcher.subscribeWith().topicFilter("willend5/+").send();
            Mqtt5Test.connectWithDelayedWill(first, "WILLEND5", true, "willend5/a", 600);
            first.drop();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session("WILLEND5").willPending());
            // Clean Start ends the waiting session: its will goes now, not at the end of its delay.
            assertThat(RawMqttClient.reasonCode(again.connect5("WILLEND5", true, 0, MqttProperties.NO_PROPERTIES)))
                    .isZero();
            var will = wills.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(will.getTopic().toString()).isEqualTo("willend5/a");
        } finally {
            watcher.disconnect();
        }
    }

    // --- CONNACK for refusals found in the CONNECT [MQTT-4.13.1-1] ------------------------------------

    @Test
    void aTooLargeMqtt5ConnectGetsConnackPacketTooLarge0x95() throws Exception {
        // A CONNECT declaring 400,000 bytes, more than any well-formed one; only its start is sent.
        byte[] start = concat(fixedHeader(0x10, 400_000), string("MQTT"), bytes(5, 0x02), u16(60));
        try (Socket socket = RawMqttClient.rawSocket(bridge.mqttPort(), start)) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(5)).as("CONNACK 0x95, no properties").containsExactly(0x20, 3, 0, 0x95, 0);
            assertThat(in.read()).as("then closed").isEqualTo(-1);
        }
        log.awaitMessage("TBR0023W", "CONNECT");
    }

    @Test
    void aRefusedWillTopicGetsConnackTopicNameInvalid0x90() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            // A name of the embedded broker's own, outside the topic space devices see.
            MqttMessage connack = client.connect5WithWill("WILLTOPIC5", "activemq.management");
            assertThat(RawMqttClient.reasonCode(connack)).isEqualTo(0x90);
            assertThat(client.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        }
        log.awaitMessage("TBR0123W", "WILLTOPIC5");
    }

    // --- 0x91 packet identifier in use ---------------------------------------------------------------

    @Test
    void aPacketIdHeldByAnUnfinishedQos2ExchangeGetsPacketIdentifierInUse0x91_MQTT_2_2_1_3() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient watcher = RawMqttClient.open(bridge.mqttPort())) {
            watcher.connect5("INUSEWATCH5", true, 0, MqttProperties.NO_PROPERTIES);
            watcher.subscribe(1, "inuse5/#", 0);
            client.connect5("INUSE5", true, 0, MqttProperties.NO_PROPERTIES);
            client.publish("inuse5/q2", bytes('2'), 2, false, 7);
            assertThat(RawMqttClient.reasonCode(client.expect(MqttMessageType.PUBREC))).isZero();
            assertThat(payloadOf(watcher.expect(MqttMessageType.PUBLISH))).isEqualTo("2");
            // Id 7 is in use until PUBCOMP: a QoS 1 PUBLISH, a SUBSCRIBE and an UNSUBSCRIBE with it get 0x91.
            client.publish("inuse5/q1", bytes('1'), 1, false, 7);
            assertThat(RawMqttClient.reasonCode(client.expect(MqttMessageType.PUBACK))).isEqualTo(0x91);
            client.send(MqttMessageBuilders.subscribe().messageId(7).addSubscription(MqttQoS.AT_MOST_ONCE, "inuse5/s")
                    .build());
            assertThat(((MqttSubAckMessage) client.expect(MqttMessageType.SUBACK)).payload().reasonCodes())
                    .containsExactly(0x91);
            client.send(MqttMessageBuilders.unsubscribe().messageId(7).addTopicFilter("inuse5/s").build());
            assertThat(((MqttUnsubAckMessage) client.expect(MqttMessageType.UNSUBACK)).payload().unsubscribeReasonCodes())
                    .containsExactly((short) 0x91);
            log.awaitMessage("TBR0370W", "INUSE5");
            // Once the exchange is over the id is free again.
            client.ack(MqttMessageType.PUBREL, 7);
            client.expect(MqttMessageType.PUBCOMP);
            client.publish("inuse5/q1", bytes('b'), 1, false, 7);
            assertThat(RawMqttClient.reasonCode(client.expect(MqttMessageType.PUBACK))).isZero();
            // The refused QoS 1 message was not published: the watcher gets the later one only.
            assertThat(payloadOf(watcher.expect(MqttMessageType.PUBLISH))).isEqualTo("b");
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static org.telemetrybridge.session.Session session(String clientId) {
        return bridge.bean(SessionRegistry.class).find(clientId);
    }

    private static String payloadOf(MqttMessage publish) {
        return ((MqttPublishMessage) publish).payload().toString(StandardCharsets.UTF_8);
    }


}
