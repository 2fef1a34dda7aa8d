package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.jms.MessageConsumer;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.Session;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.RawMqttClient;

/** What the backend keeps survives a restart of the bridge: sessions, their messages, retained publications. */
class RestartTest {

    @TempDir
    Path data;

    private static Mqtt3BlockingClient client(BridgeInstance bridge, String id) {
        return Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(bridge.mqttPort())
                .buildBlocking();
    }

    private static void publish(BridgeInstance bridge, String topic, String payload, MqttQos qos, boolean retain) {
        Mqtt3BlockingClient publisher = client(bridge, "PUBLISHER");
        publisher.connect();
        publisher.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(qos).retain(retain)
                .send();
        publisher.disconnect();
    }

    @Test
    void persistentSessionMessagesAreDeliveredAfterABridgeRestart() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt3BlockingClient device = client(bridge, "OFFLINE1");
            device.connectWith().cleanSession(false).send();
            device.subscribeWith().topicFilter("orders/+").qos(MqttQos.EXACTLY_ONCE).send();
            device.disconnect();

            publish(bridge, "orders/1", "first", MqttQos.AT_LEAST_ONCE, false);
            publish(bridge, "orders/2", "second", MqttQos.EXACTLY_ONCE, false);
            publish(bridge, "orders/3", "lost with the restart", MqttQos.AT_MOST_ONCE, false);

            bridge.restart();

            Mqtt3BlockingClient back = client(bridge, "OFFLINE1");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(back.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
                Mqtt3Publish first = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                Mqtt3Publish second = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(new String(first.getPayloadAsBytes())).isEqualTo("first");
                assertThat(first.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                assertThat(new String(second.getPayloadAsBytes())).isEqualTo("second");
                assertThat(second.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);

                publish(bridge, "orders/4", "after", MqttQos.AT_LEAST_ONCE, false);
                Mqtt3Publish after = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(new String(after.getPayloadAsBytes())).as("the subscription survived too").isEqualTo("after");
            }
            back.disconnect();
        }
    }

    /**
     * MQ Telemetry kept its session state in a form of its own, so after a switch to the bridge its devices
     * have subscriptions in the backend but no session state the bridge reads. The bridge takes them over as
     * away persistent sessions: a message sent to such a device waits for it (not dead-lettered as for an
     * unknown client), and the device finds its session when it comes back [MQTT-3.2.2-2].
     */
    @Test
    void aClientWithSubscriptionsButNoStoredSessionIsTakenOverAsAnAwaySession_MQTT_3_2_2_2() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt3BlockingClient device = client(bridge, "MQXRDEVICE");
            device.connectWith().cleanSession(false).send();
            device.subscribeWith().topicFilter("mqxr/+").qos(MqttQos.AT_LEAST_ONCE).send();
            device.disconnect();
            try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                // Its subscription stays in the backend; the state the bridge stored goes, as after MQ Telemetry.
                MessageConsumer states = jms.session().createConsumer(
                        jms.session().createQueue(MqObjectNames.SESSION_STATE_QUEUE));
                int removed = 0;
                while (states.receive(1_000) != null) {
                    removed++;
                }
                states.close();
                assertThat(removed).as("the device's stored state").isPositive();
            }

            bridge.restart();

            assertThat(bridge.bean(SessionRegistry.class).find("MQXRDEVICE")).as("taken over").isNotNull();
            try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                jms.sendToDevice("MQXRDEVICE", "mqxr/point", "waiting".getBytes(StandardCharsets.UTF_8), true);
            }
            publish(bridge, "mqxr/sub", "published", MqttQos.AT_LEAST_ONCE, false);
            Mqtt3BlockingClient back = client(bridge, "MQXRDEVICE");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(back.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
                java.util.Set<String> received = new java.util.HashSet<>();
                for (int i = 0; i < 2; i++) {
                    received.add(new String(in.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(),
                            StandardCharsets.UTF_8));
                }
                assertThat(received).containsExactlyInAnyOrder("waiting", "published");
            }
            back.disconnect();
        }
    }

    /**
     * A will waiting out its MQTT 5 Will Delay Interval is part of the session state [MQTT-3.1.3-9]: it
     * is stored with the persistent session, so a restart of the bridge during the delay neither loses
     * it nor publishes it early.
     */
    @Test
    void aDelayedWillIsPublishedAfterARestartOfTheBridge_MQTT_3_1_3_9() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            lostWithADelayedWill(bridge, "WILLRESTART", "willrestart/a", 10);
            bridge.restart();
            assertThat(willPending(bridge, "WILLRESTART")).as("the will waits again after the restart").isTrue();

            Mqtt3BlockingClient watcher = client(bridge, "WILLWATCHER");
            watcher.connect();
            try (Mqtt3BlockingClient.Mqtt3Publishes wills = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter("willrestart/+").send();
                Mqtt3Publish will = wills.receive(20, TimeUnit.SECONDS).orElseThrow();
                assertThat(will.getTopic().toString()).isEqualTo("willrestart/a");
                assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
            }
            watcher.disconnect();
            bridge.restart();
            assertThat(willPending(bridge, "WILLRESTART")).as("a published will leaves the stored session").isFalse();
        }
    }

    /** A client back to its session cancels its delayed will, also in the stored state [MQTT-3.1.3-9]. */
    @Test
    void aDelayedWillCancelledByTheClientsReturnStaysCancelledAfterARestart_MQTT_3_1_3_9() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            lostWithADelayedWill(bridge, "WILLBACK", "willback/a", 600);
            bridge.restart();
            assertThat(willPending(bridge, "WILLBACK")).isTrue();
            try (RawMqttClient back = RawMqttClient.open(bridge.mqttPort())) {
                Mqtt5Test.connectWithDelayedWill(back, "WILLBACK", false, "willback/a", 600);
                assertThat(willPending(bridge, "WILLBACK")).isFalse();
                back.disconnect();
            }
            bridge.restart();
            assertThat(willPending(bridge, "WILLBACK")).as("the cancel was stored").isFalse();
        }
    }

    /** A persistent MQTT 5 session whose connection drops: its will waits out {@code delay} seconds. */
    private static void lostWithADelayedWill(BridgeInstance bridge, String clientId, String topic, int delay) {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            Mqtt5Test.connectWithDelayedWill(device, clientId, true, topic, delay);
            device.drop();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> willPending(bridge, clientId));
        }
    }

    private static boolean willPending(BridgeInstance bridge, String clientId) {
        Session session = bridge.bean(SessionRegistry.class).find(clientId);
        return session != null && session.willPending();
    }

    @Test
    void retainedMessagesAreSetReplacedClearedAndSurviveARestart() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            publish(bridge, "config/a", "v1", MqttQos.AT_LEAST_ONCE, true);
            publish(bridge, "config/a", "v2", MqttQos.AT_LEAST_ONCE, true);
            publish(bridge, "config/b", "b1", MqttQos.AT_LEAST_ONCE, true);
            publish(bridge, "config/c", "c1", MqttQos.AT_LEAST_ONCE, true);
            publish(bridge, "config/c", "", MqttQos.AT_LEAST_ONCE, true);

            bridge.restart();

            Mqtt3BlockingClient device = client(bridge, "CONFIGREADER");
            device.connect();
            try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
                device.subscribeWith().topicFilter("config/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt3Publish one = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                Mqtt3Publish two = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(one.isRetain()).isTrue();
                assertThat(two.isRetain()).isTrue();
                assertThat(java.util.List.of(one.getTopic() + "=" + new String(one.getPayloadAsBytes()),
                        two.getTopic() + "=" + new String(two.getPayloadAsBytes())))
                        .containsExactlyInAnyOrder("config/a=v2", "config/b=b1");
                assertThat(in.receive(1, TimeUnit.SECONDS)).as("config/c was cleared").isEmpty();

                publish(bridge, "config/a", "v3", MqttQos.AT_LEAST_ONCE, true);
                Mqtt3Publish live = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(live.isRetain()).as("a live publication is not flagged retained").isFalse();
            }
            device.disconnect();
        }
    }

    @Test
    void qos2PacketIdTakenBeforeARestartIsNotPublishedAgainAfterIt() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt3BlockingClient watcher = client(bridge, "Q2WATCH");
            watcher.connectWith().cleanSession(false).send();
            watcher.subscribeWith().topicFilter("q2/restart").qos(MqttQos.EXACTLY_ONCE).send();
            watcher.disconnect();

            try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
                device.connect("Q2DEVICE", false, 60);
                device.publish("q2/restart", "once".getBytes(), 2, false, 42);
                device.expect(MqttMessageType.PUBREC);
                device.drop();
            }

            bridge.restart();

            try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
                MqttConnAckMessage ack = (MqttConnAckMessage) device.connect("Q2DEVICE", false, 60);
                assertThat(ack.variableHeader().isSessionPresent()).isTrue();
                // The client never saw PUBREC... as far as it knows: it sends the PUBLISH again.
                device.publish("q2/restart", "once".getBytes(), 2, true, 42);
                device.expect(MqttMessageType.PUBREC);
                device.ack(MqttMessageType.PUBREL, 42);
                device.expect(MqttMessageType.PUBCOMP);
                device.disconnect();
            }

            Mqtt3BlockingClient back = client(bridge, "Q2WATCH");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                back.connectWith().cleanSession(false).send();
                assertThat(in.receive(10, TimeUnit.SECONDS)).isPresent();
                assertThat(in.receive(1, TimeUnit.SECONDS)).as("published exactly once").isEmpty();
            }
            back.disconnect();
        }
    }
}
