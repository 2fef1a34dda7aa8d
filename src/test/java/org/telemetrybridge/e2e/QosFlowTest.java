package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.RawMqttClient;

/** QoS 1 and 2 exchanges, packet ids, the in-flight window and redelivery, seen packet by packet. */
class QosFlowTest {

    private static final int MAX_INFLIGHT = 8;

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data, Map.of("bridge.session.max-inflight", MAX_INFLIGHT));
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    private static Mqtt3BlockingClient publisher(String id) {
        return Devices.connected(bridge.mqttPort(), id);
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    @Test
    void aFilterNamedTwiceInOneSubscribeIsSubscribedAtTheLaterQos() throws Exception {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            device.connect("TWICE", true, 60);
            device.send(MqttMessageBuilders.subscribe().messageId(3)
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "twice/t")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "twice/t").build());
            MqttSubAckMessage suback = (MqttSubAckMessage) device.expect(MqttMessageType.SUBACK);
            assertThat(suback.payload().grantedQoSLevels()).containsExactly(0, 1);

            Mqtt3BlockingClient publisher = publisher("TWICEPUB");
            publisher.publishWith().topic("twice/t").payload("x".getBytes()).qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.disconnect();
            MqttPublishMessage publish = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
            assertThat(publish.variableHeader().topicName()).isEqualTo("twice/t");
            assertThat(publish.fixedHeader().qosLevel()).as("the later request's QoS").isEqualTo(MqttQoS.AT_LEAST_ONCE);
        }
    }

    @Test
    void duplicateQos2PublishIsNotDeliveredTwice() throws Exception {
        Mqtt3BlockingClient subscriber = publisher("Q2SUB");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = subscriber.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            subscriber.subscribeWith().topicFilter("q2/once").qos(MqttQos.EXACTLY_ONCE).send();
            device.connect("Q2PUB", true, 60);

            device.publish("q2/once", "one".getBytes(), 2, false, 7);
            assertThat(packetId(device.expect(MqttMessageType.PUBREC))).isEqualTo(7);
            device.publish("q2/once", "one".getBytes(), 2, true, 7);
            assertThat(packetId(device.expect(MqttMessageType.PUBREC))).isEqualTo(7);
            device.ack(MqttMessageType.PUBREL, 7);
            assertThat(packetId(device.expect(MqttMessageType.PUBCOMP))).isEqualTo(7);

            assertThat(in.receive(10, TimeUnit.SECONDS)).isPresent();
            assertThat(in.receive(1, TimeUnit.SECONDS)).as("the duplicate is not published").isEmpty();

            device.publish("q2/once", "two".getBytes(), 2, false, 7);
            device.expect(MqttMessageType.PUBREC);
            device.ack(MqttMessageType.PUBREL, 7);
            device.expect(MqttMessageType.PUBCOMP);
            assertThat(in.receive(10, TimeUnit.SECONDS)).as("packet id 7 reused after PUBCOMP").isPresent();
        } finally {
            subscriber.disconnect();
        }
    }

    @Test
    void outboundQos2FollowsPublishPubrecPubrelPubcomp() {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            device.connect("Q2OUT", true, 60);
            device.subscribe(1, "q2/out", 2);
            Mqtt3BlockingClient publisher = publisher("Q2OUTPUB");
            publisher.publishWith().topic("q2/out").payload("x".getBytes()).qos(MqttQos.EXACTLY_ONCE).send();
            publisher.disconnect();

            MqttPublishMessage publish = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
            assertThat(publish.fixedHeader().qosLevel().value()).isEqualTo(2);
            int id = publish.variableHeader().packetId();
            device.ack(MqttMessageType.PUBREC, id);
            assertThat(packetId(device.expect(MqttMessageType.PUBREL))).isEqualTo(id);
            device.ack(MqttMessageType.PUBCOMP, id);
            assertThat(device.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void unacknowledgedMessagesStopAtTheInFlightWindow() {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            device.connect("WINDOW", true, 60);
            device.subscribe(1, "window/t", 1);
            Mqtt3BlockingClient publisher = publisher("WINDOWPUB");
            for (int i = 0; i < MAX_INFLIGHT + 5; i++) {
                publisher.publishWith().topic("window/t").payload(("m" + i).getBytes()).qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }
            publisher.disconnect();

            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < MAX_INFLIGHT; i++) {
                ids.add(((MqttPublishMessage) device.expect(MqttMessageType.PUBLISH)).variableHeader().packetId());
            }
            assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
            assertThat(device.poll(1, TimeUnit.SECONDS)).as("window full").isNull();

            device.ack(MqttMessageType.PUBACK, ids.get(0));
            MqttPublishMessage next = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
            assertThat(next.payload().toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("m" + MAX_INFLIGHT);
        }
    }

    @Test
    void unacknowledgedMessagesAreResentWithDupAndTheirPacketIdsOnReconnect() {
        try (RawMqttClient first = RawMqttClient.open(bridge.mqttPort())) {
            first.connect("REDELIVER", false, 60);
            first.subscribe(1, "redeliver/t", 1);
            Mqtt3BlockingClient publisher = publisher("REDELIVERPUB");
            for (int i = 0; i < 3; i++) {
                publisher.publishWith().topic("redeliver/t").payload(("r" + i).getBytes())
                        .qos(MqttQos.AT_LEAST_ONCE).send();
            }
            publisher.disconnect();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                MqttPublishMessage publish = (MqttPublishMessage) first.expect(MqttMessageType.PUBLISH);
                assertThat(publish.fixedHeader().isDup()).isFalse();
                ids.add(publish.variableHeader().packetId());
            }
            first.ack(MqttMessageType.PUBACK, ids.get(0));
            first.drop();

            try (RawMqttClient second = RawMqttClient.open(bridge.mqttPort())) {
                MqttConnAckMessage ack = (MqttConnAckMessage) second.connect("REDELIVER", false, 60);
                assertThat(ack.variableHeader().isSessionPresent()).isTrue();
                for (int i = 1; i < 3; i++) {
                    MqttPublishMessage again = (MqttPublishMessage) second.expect(MqttMessageType.PUBLISH);
                    assertThat(again.fixedHeader().isDup()).isTrue();
                    assertThat(again.variableHeader().packetId()).isEqualTo(ids.get(i));
                    assertThat(again.payload().toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("r" + i);
                    second.ack(MqttMessageType.PUBACK, again.variableHeader().packetId());
                }
                assertThat(second.poll(1, TimeUnit.SECONDS)).as("the acknowledged one is not resent").isNull();
                second.disconnect();
            }
        }
        try (RawMqttClient cleanup = RawMqttClient.open(bridge.mqttPort())) {
            cleanup.connect("REDELIVER", true, 60);
        }
    }
}
