package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.impl.DivertBinding;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.admin.BackendConnectionMetrics;
import org.telemetrybridge.admin.ClientsEndpoint;
import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.embedded.EmbeddedDeviceSubscriptions;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.Mosquitto;

/**
 * Persistent sessions' subscriptions as MQ Telemetry made them (issue 14): every matching publication,
 * for a device online or away, is put on SYSTEM.MQTT.TRANSMIT.QUEUE addressed to the client, and the one
 * transmit-queue drain delivers it (or holds it for the away device). Real sockets, the real embedded
 * broker, JMS applications as publishers.
 */
class DeviceSubscriptionsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private static void publishJms(BridgeInstance bridge, String topic, int count, String prefix) throws Exception {
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageProducer producer = jms.session().createProducer(jms.session().createTopic(topic));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                producer.send(jms.session().createTextMessage(prefix + i));
            }
        }
    }

    /** The messages addressed to a client on the transmit queue and the held queue, browsed through JMS. */
    private static int waitingFor(BridgeInstance bridge, String clientId) throws Exception {
        int found = 0;
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            for (String queue : List.of(MqObjectNames.TRANSMIT_QUEUE, MqObjectNames.HELD_QUEUE)) {
                QueueBrowser browser = jms.session().createBrowser(jms.session().createQueue(queue),
                        "RemoteQMgrName = '" + clientId + "'");
                for (Enumeration<?> each = browser.getEnumeration(); each.hasMoreElements(); each.nextElement()) {
                    found++;
                }
                browser.close();
            }
        }
        return found;
    }

    private static List<String> receive(Mqtt3BlockingClient.Mqtt3Publishes in, int count) throws Exception {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Mqtt3Publish publish = in.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow(
                    () -> new AssertionError("only " + payloads.size() + " of " + count + " arrived"));
            payloads.add(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
        }
        return payloads;
    }

    private static List<String> numbered(String prefix, int from, int to) {
        List<String> expected = new ArrayList<>();
        for (int i = from; i < to; i++) {
            expected.add(prefix + i);
        }
        return expected;
    }

    @Test
    void publicationsForAnAwayDeviceWaitAddressedToItAndArriveInOrderExactlyOnce() throws Exception {
        int n = 200;
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "AWAY1", false);
            device.subscribeWith().topicFilter("fleet/+/cmd").qos(MqttQos.AT_LEAST_ONCE).send();
            device.disconnect();

            publishJms(bridge, "fleet/7/cmd", n, "m");

            Awaitility.await("all " + n + " addressed to AWAY1").atMost(WAIT).until(() -> waitingFor(bridge, "AWAY1") == n);
            Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), "AWAY1");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(back.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
                assertThat(receive(in, n)).as("all, in order").containsExactlyElementsOf(numbered("m", 0, n));
                assertThat(in.receive(1, TimeUnit.SECONDS)).as("exactly once").isEmpty();
            } finally {
                back.disconnect();
            }
            Awaitility.await("acknowledged ones removed").atMost(WAIT).until(() -> waitingFor(bridge, "AWAY1") == 0);
        }
    }

    /** [MQTT-3.8.4-8] the QoS of a delivered message is the lower of the publication's and the subscription's. */
    @Test
    void aMessageIsDeliveredAtTheLowerOfItsOwnAndTheSubscriptionsQos() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt3BlockingClient low = Devices.client(bridge.mqttPort(), "QOS0SUB");
            Mqtt3BlockingClient high = Devices.client(bridge.mqttPort(), "QOS2SUB");
            try (Mqtt3BlockingClient.Mqtt3Publishes lowIn = low.publishes(MqttGlobalPublishFilter.ALL);
                 Mqtt3BlockingClient.Mqtt3Publishes highIn = high.publishes(MqttGlobalPublishFilter.ALL)) {
                low.connectWith().cleanSession(false).send();
                low.subscribeWith().topicFilter("grade/#").qos(MqttQos.AT_MOST_ONCE).send();
                high.connectWith().cleanSession(false).send();
                high.subscribeWith().topicFilter("grade/#").qos(MqttQos.EXACTLY_ONCE).send();
                Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "GRADER", true);
                publisher.publishWith().topic("grade/a").payload("two".getBytes()).qos(MqttQos.EXACTLY_ONCE).send();
                publisher.publishWith().topic("grade/a").payload("one".getBytes()).qos(MqttQos.AT_LEAST_ONCE).send();
                publisher.disconnect();

                Mqtt3Publish lowTwo = lowIn.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
                Mqtt3Publish lowOne = lowIn.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
                Mqtt3Publish highTwo = highIn.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
                Mqtt3Publish highOne = highIn.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
                assertThat(List.of(lowTwo.getQos(), lowOne.getQos())).containsOnly(MqttQos.AT_MOST_ONCE);
                assertThat(new String(highTwo.getPayloadAsBytes())).isEqualTo("two");
                assertThat(highTwo.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
                assertThat(highOne.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);

                // A SUBSCRIBE again with another QoS replaces the subscription's [MQTT-3.8.4-3].
                high.subscribeWith().topicFilter("grade/#").qos(MqttQos.AT_MOST_ONCE).send();
                assertThat(bridge.bean(EmbeddedDeviceSubscriptions.class).of("QOS2SUB")).isEqualTo(Map.of("grade/#", 0));
                publishJms(bridge, "grade/b", 1, "persistent");
                assertThat(highIn.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow().getQos())
                        .isEqualTo(MqttQos.AT_MOST_ONCE);
            } finally {
                low.disconnect();
                high.disconnect();
            }
        }
    }

    @Test
    void anUnsubscribedFilterPutsNothingMoreOnTheTransmitQueue() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "QUITTER", false);
            device.subscribeWith().topicFilter("news/#").qos(MqttQos.AT_LEAST_ONCE).send();
            device.subscribeWith().topicFilter("keep").qos(MqttQos.AT_LEAST_ONCE).send();
            device.unsubscribeWith().topicFilter("news/#").send();
            device.disconnect();

            publishJms(bridge, "news/today", 3, "n");
            publishJms(bridge, "keep", 1, "k");

            Awaitility.await().atMost(WAIT).until(() -> waitingFor(bridge, "QUITTER") == 1);
            bridge.restart();
            assertThat(bridge.bean(EmbeddedDeviceSubscriptions.class).of("QUITTER")).as("also after a restart")
                    .isEqualTo(Map.of("keep", 1));
            publishJms(bridge, "news/tomorrow", 1, "n");
            Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), "QUITTER");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                back.connectWith().cleanSession(false).send();
                assertThat(receive(in, 1)).containsExactly("k0");
                assertThat(in.receive(1, TimeUnit.SECONDS)).isEmpty();
            } finally {
                back.disconnect();
            }
        }
    }

    @Test
    void subscriptionsAndWaitingMessagesSurviveABridgeRestart() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "RESTARTED", false);
            device.subscribeWith().topicFilter("plant/+/set").qos(MqttQos.AT_LEAST_ONCE).send();
            device.disconnect();
            publishJms(bridge, "plant/1/set", 5, "before");
            Awaitility.await().atMost(WAIT).until(() -> waitingFor(bridge, "RESTARTED") == 5);

            bridge.restart();

            assertThat(bridge.bean(EmbeddedDeviceSubscriptions.class).of("RESTARTED"))
                    .isEqualTo(Map.of("plant/+/set", 1));
            publishJms(bridge, "plant/2/set", 5, "after");
            Awaitility.await().atMost(WAIT).until(() -> waitingFor(bridge, "RESTARTED") == 10);
            Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), "RESTARTED");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(back.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
                List<String> expected = new ArrayList<>(numbered("before", 0, 5));
                expected.addAll(numbered("after", 0, 5));
                assertThat(receive(in, 10)).containsExactlyElementsOf(expected);
            } finally {
                back.disconnect();
            }
        }
    }

    /** mosquitto_sub -c: a second, independent client, away while an MQ application publishes. */
    @Test
    void mosquittoSubWithAPersistentSessionGetsWhatWasPublishedWhileItWasAway() throws Exception {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            int port = bridge.mqttPort();
            Mosquitto.sub(port, "-V", "mqttv311", "-i", "MOSQAWAY", "-c", "-q", "1", "-t", "mosq/+", "-W", "1");
            publishJms(bridge, "mosq/x", 3, "away");
            Awaitility.await().atMost(WAIT).until(() -> waitingFor(bridge, "MOSQAWAY") == 3);

            Mosquitto.Result received = Mosquitto.sub(port, "-V", "mqttv311", "-i", "MOSQAWAY", "-c", "-q", "1",
                    "-t", "mosq/+", "-C", "3", "-W", "20");

            assertThat(received.stdout().lines().toList()).containsExactly("away0", "away1", "away2");
        }
    }

    /** An operator's view and purge: subscriptions listed from the backend, and removed with the session. */
    @Test
    void clientsShowListsTheDeviceSubscriptionsAndPurgeRemovesAndCountsThem() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "PURGED", false);
            device.subscribeWith().topicFilter("ops/+").qos(MqttQos.AT_LEAST_ONCE).send();
            device.subscribeWith().topicFilter("ops/all").qos(MqttQos.AT_MOST_ONCE).send();
            device.disconnect();
            publishJms(bridge, "ops/1", 2, "w");
            Awaitility.await().atMost(WAIT).until(() -> waitingFor(bridge, "PURGED") == 2);
            ClientsEndpoint clients = bridge.bean(ClientsEndpoint.class);

            assertThat(clients.client("PURGED").subscriptions()).containsExactly(
                    new org.telemetrybridge.session.Session.Subscription("ops/+", 1),
                    new org.telemetrybridge.session.Session.Subscription("ops/all", 0));
            ClientsEndpoint.ActionResult purged = clients.purge("PURGED");

            assertThat(purged.subscriptionsRemoved()).isEqualTo(2);
            assertThat(bridge.bean(EmbeddedDeviceSubscriptions.class).of("PURGED")).isEmpty();
            publishJms(bridge, "ops/2", 1, "after");
            Awaitility.await("what waited is dead-lettered, nothing new comes").atMost(WAIT)
                    .until(() -> waitingFor(bridge, "PURGED") == 0);
        }
    }

    /** The gauges count the bridge's backend connections and JMS sessions: no more for 300 subscribers than 1. */
    @Test
    void theBackendConnectionCountIsTheSameForOneAndForThreeHundredPersistentSubscribers() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            BackendConnectionMetrics gauges = bridge.bean(BackendConnectionMetrics.class);
            JmsBackend backend = bridge.bean(JmsBackend.class);
            List<Mqtt3BlockingClient> devices = Collections.synchronizedList(new ArrayList<>());
            try {
                devices.add(subscribed(bridge, 0));
                int connectionsWithOne = gauges.connections();
                int sessionsWithOne = backend.openSessions();
                for (int i = 1; i < 300; i++) {
                    devices.add(subscribed(bridge, i));
                }

                assertThat(bridge.bean(EmbeddedDeviceSubscriptions.class).count()).isEqualTo(600);
                assertThat(gauges.connections()).isEqualTo(connectionsWithOne).isEqualTo(1);
                assertThat(backend.openSessions()).isEqualTo(sessionsWithOne);
                // And every one of them is served: one publication reaches all 300.
                publishJms(bridge, "all/devices", 1, "hello");
                Awaitility.await().atMost(WAIT).until(() -> bridge.broker().server()
                        .locateQueue(SimpleString.of(MqObjectNames.TRANSMIT_QUEUE)).getMessagesAcknowledged() >= 300);
            } finally {
                devices.forEach(Mqtt3BlockingClient::disconnect);
            }
        }
    }

    private static Mqtt3BlockingClient subscribed(BridgeInstance bridge, int i) {
        Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "GAUGE" + i, false);
        device.subscribeWith().topicFilter("all/devices").qos(MqttQos.AT_LEAST_ONCE).send();
        device.subscribeWith().topicFilter("gauge/" + i + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        return device;
    }

    /**
     * The upgrade: a data directory of the previous version has each persistent session's subscription
     * as a JMS shared durable subscription named {@code <client>:<filter>}, with messages waiting on it.
     * At start it becomes a device subscription, its messages move to the transmit queue for the
     * client, and the old subscription is deleted (TBR0300I).
     */
    @Test
    void aDurableSubscriptionOfThePreviousVersionBecomesADeviceSubscriptionWithItsMessages() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            // The session as the previous version stored it...
            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "OLDDEV", false);
            device.subscribeWith().topicFilter("old/+").qos(MqttQos.AT_LEAST_ONCE).send();
            device.disconnect();
            bridge.broker().server().destroyDivert(SimpleString.of("OLDDEV:old/+"), true);
            // ...with its subscription a JMS durable one, made as that version made it, holding 3 messages.
            try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                Session session = jms.session();
                MessageConsumer durable = session.createSharedDurableConsumer(session.createTopic("old/+"), "OLDDEV:old/+");
                durable.close();
            }
            publishJms(bridge, "old/1", 3, "waited");
            assertThat(bridge.broker().server().locateQueue("OLDDEV:old/+").getMessageCount()).isEqualTo(3);

            bridge.restart();

            assertThat(bridge.bean(EmbeddedDeviceSubscriptions.class).adopted()).as("logged as TBR0300I")
                    .isEqualTo(Map.of("OLDDEV:old/+", 3));

            assertThat(bridge.broker().server().getPostOffice().getBinding(SimpleString.of("OLDDEV:old/+")))
                    .as("the old subscription's queue deleted, the name now a device subscription's divert")
                    .isInstanceOf(DivertBinding.class);
            assertThat(bridge.bean(EmbeddedDeviceSubscriptions.class).of("OLDDEV")).isEqualTo(Map.of("old/+", 1));
            publishJms(bridge, "old/2", 1, "new");
            Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), "OLDDEV");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                back.connectWith().cleanSession(false).send();
                assertThat(receive(in, 4)).containsExactly("waited0", "waited1", "waited2", "new0");
                assertThat(in.receive(1, TimeUnit.SECONDS)).isEmpty();
            } finally {
                back.disconnect();
            }
        }
    }
}
