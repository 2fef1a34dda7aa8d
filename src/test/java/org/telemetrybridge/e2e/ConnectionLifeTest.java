package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.port.Backend;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/** Keep-alive, will messages and take-over of a duplicate client id. */
class ConnectionLifeTest {

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data);
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    private static Mqtt3BlockingClient watcher(String id, String filter) {
        Mqtt3BlockingClient client = Devices.connected(bridge.mqttPort(), id);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.EXACTLY_ONCE).send();
        return client;
    }

    private static RawMqttClient connectWithWill(String clientId, String willTopic, int willQos, boolean retain,
                                                 int keepAlive) {
        RawMqttClient raw = RawMqttClient.open(bridge.mqttPort());
        raw.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true).keepAlive(keepAlive)
                .protocolVersion(MqttVersion.MQTT_3_1_1).willFlag(true).willTopic(willTopic)
                .willMessage(("gone:" + clientId).getBytes()).willQoS(MqttQoS.valueOf(willQos))
                .willRetain(retain).build());
        raw.expect(MqttMessageType.CONNACK);
        return raw;
    }

    @Test
    void willIsPublishedWhenSocketDropsWithoutDisconnect() throws Exception {
        Mqtt3BlockingClient watcher = watcher("WATCH1", "will/drop");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = watcher.publishes(MqttGlobalPublishFilter.ALL);
             LogCapture log = new LogCapture()) {
            RawMqttClient device = connectWithWill("DROPPER", "will/drop", 1, false, 60);
            device.drop();
            Mqtt3Publish will = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(will.getPayloadAsBytes())).isEqualTo("gone:DROPPER");
            assertThat(will.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(log.awaitMessage("TBR0021I", "DROPPER")).contains("will message was published");
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void willIsNotPublishedOnCleanDisconnect() throws Exception {
        Mqtt3BlockingClient watcher = watcher("WATCH2", "will/clean");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            RawMqttClient device = connectWithWill("POLITE", "will/clean", 1, false, 60);
            device.disconnect();
            assertThat(in.receive(2, TimeUnit.SECONDS)).isEmpty();
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void retainedWillIsKeptForLaterSubscribers() throws Exception {
        RawMqttClient device = connectWithWill("RETWILL", "will/retained", 2, true, 60);
        device.drop();
        Mqtt3BlockingClient late = Devices.connected(bridge.mqttPort(), "LATE1");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = late.publishes(MqttGlobalPublishFilter.ALL)) {
            // The will is published asynchronously after the drop: wait until the backend holds it.
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> !bridge.bean(Backend.class).retained("will/retained").isEmpty());
            late.subscribeWith().topicFilter("will/retained").qos(MqttQos.EXACTLY_ONCE).send();
            Mqtt3Publish will = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(will.isRetain()).isTrue();
            assertThat(will.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(new String(will.getPayloadAsBytes())).isEqualTo("gone:RETWILL");
        } finally {
            late.disconnect();
        }
    }

    @Test
    void silentClientIsDisconnectedAfterOneAndAHalfKeepAlivesAndItsWillPublished() throws Exception {
        Mqtt3BlockingClient watcher = watcher("WATCH3", "will/silent");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = watcher.publishes(MqttGlobalPublishFilter.ALL);
             LogCapture log = new LogCapture()) {
            RawMqttClient device = connectWithWill("SILENT", "will/silent", 0, false, 1);
            assertThat(device.awaitClosed(5, TimeUnit.SECONDS)).as("closed after 1.5 s of silence").isTrue();
            assertThat(in.receive(10, TimeUnit.SECONDS)).isPresent();
            assertThat(log.awaitMessage("TBR0020W", "SILENT")).contains("keep-alive of 1 s");
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void pingingClientStaysConnectedPastItsKeepAlive() throws Exception {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            device.connect("PINGER2", true, 1);
            for (int i = 0; i < 5; i++) {
                Thread.sleep(700); // time passing is the point here: 3.5 s in all, past 1.5 x keep-alive
                device.send(io.netty.handler.codec.mqtt.MqttMessage.PINGREQ);
                device.expect(MqttMessageType.PINGRESP);
            }
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void secondConnectionWithTheSameIdTakesOverAndKeepsThePersistentSession() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Mqtt3BlockingClient first = Devices.connected(bridge.mqttPort(), "TAKEN", false);
            first.subscribeWith().topicFilter("takeover/t").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt3BlockingClient second = Devices.client(bridge.mqttPort(), "TAKEN");
            boolean present = second.connectWith().cleanSession(false).send().isSessionPresent();
            assertThat(present).as("the persistent session moved to the new connection").isTrue();
            log.awaitMessage("TBR0016I", "TAKEN");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !first.getState().isConnected());

            try (Mqtt3BlockingClient.Mqtt3Publishes in = second.publishes(MqttGlobalPublishFilter.ALL)) {
                Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "TAKEPUB");
                publisher.publishWith().topic("takeover/t").payload("x".getBytes()).qos(MqttQos.AT_LEAST_ONCE).send();
                publisher.disconnect();
                assertThat(in.receive(10, TimeUnit.SECONDS)).as("subscription made on the first connection")
                        .isPresent();
            }
            second.disconnect();
            second.connectWith().cleanSession(true).send();
            second.disconnect();
        }
    }
}
