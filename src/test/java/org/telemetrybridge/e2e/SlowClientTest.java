package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/** A client that falls behind loses no QoS 1 message; one that stays behind is disconnected. */
class SlowClientTest {

    @TempDir
    Path data;

    @Test
    void slowCleanSessionSubscriberGetsEveryQos1MessageAndTheOthersToo() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data, Map.of(
                "bridge.session.max-queued-messages", 10, "bridge.session.max-inflight", 5));
             RawMqttClient slow = RawMqttClient.open(bridge.mqttPort())) {
            slow.connect("SLOW1", true, 600);
            slow.subscribe(1, "slow/#", 1);
            Set<String> fastGot = ConcurrentHashMap.newKeySet();
            Mqtt3AsyncClient fast = Mqtt3Client.builder().identifier("FAST1").serverHost("127.0.0.1")
                    .serverPort(bridge.mqttPort()).buildAsync();
            fast.connect().join();
            fast.subscribeWith().topicFilter("slow/#").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> fastGot.add(new String(publish.getPayloadAsBytes()))).send().join();
            Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "SLOWPUB");
            int count = 200;
            for (int i = 0; i < count; i++) {
                publisher.publishWith().topic("slow/t").payload(String.valueOf(i).getBytes())
                        .qos(MqttQos.AT_LEAST_ONCE).send();
            }
            publisher.disconnect();

            // The slow client takes its time, acknowledging each message late. While it is behind,
            // the filter's shared subscription waits for it; nothing is dropped.
            Set<String> slowGot = new HashSet<>();
            while (slowGot.size() < count) {
                MqttPublishMessage publish = (MqttPublishMessage) slow.expect(MqttMessageType.PUBLISH);
                slowGot.add(publish.payload().toString(StandardCharsets.UTF_8));
                Thread.sleep(2); // the slowness under test, not a wait for something
                slow.ack(MqttMessageType.PUBACK, publish.variableHeader().packetId());
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fastGot.size() == count);
            assertThat(slowGot).hasSize(count);
            fast.disconnect().join();
        }
    }

    @Test
    void clientThatStaysBehindIsDisconnectedAndReleasesTheOthers() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data, Map.of("bridge.session.max-queued-messages", 5,
                "bridge.session.max-inflight", 2, "bridge.session.slow-client-timeout", "2s"));
             RawMqttClient stuck = RawMqttClient.open(bridge.mqttPort());
             LogCapture log = new LogCapture()) {
            stuck.connect("STUCK1", true, 600);
            stuck.subscribe(1, "stuck/#", 1);
            Set<String> got = ConcurrentHashMap.newKeySet();
            Mqtt3AsyncClient other = Mqtt3Client.builder().identifier("OTHER1").serverHost("127.0.0.1")
                    .serverPort(bridge.mqttPort()).buildAsync();
            other.connect().join();
            other.subscribeWith().topicFilter("stuck/#").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> got.add(new String(publish.getPayloadAsBytes()))).send().join();
            Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "STUCKPUB");
            for (int i = 0; i < 50; i++) {
                publisher.publishWith().topic("stuck/t").payload(String.valueOf(i).getBytes())
                        .qos(MqttQos.AT_LEAST_ONCE).send();
            }
            publisher.disconnect();
            assertThat(stuck.awaitClosed(15, TimeUnit.SECONDS)).as("the stuck client is cut off").isTrue();
            assertThat(log.awaitMessage("TBR0039W", "STUCK1")).contains("2 s");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 50);
            assertThat(other.getState().isConnected()).isTrue();
            other.disconnect().join();
        }
    }
}
