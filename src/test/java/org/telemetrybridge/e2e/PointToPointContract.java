package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * MQ applications send to one device through SYSTEM.MQTT.TRANSMIT.QUEUE (property form). The same
 * behaviour is asked of each way the bridge drains the queue: {@link PointToPointTest} on a provider
 * that acknowledges messages one by one, {@link PointToPointStoreAndForwardTest} on one that cannot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PointToPointContract {

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    static JmsClient jms;

    /** Starts the bridge on the data directory, with at most 20 queued messages per client. */
    abstract BridgeInstance startBridge(Path data);

    /**
     * Whether each message arrives exactly once. Where one acknowledge covers a whole session, a
     * batch may be delivered again (at-least-once), but never lost and never out of order.
     */
    boolean deliversExactlyOnce() {
        return true;
    }

    @BeforeAll
    void startBridge() throws JMSException {
        bridge = startBridge(data);
        jms = new JmsClient(bridge.jmsUrl());
    }

    @AfterAll
    void stopBridge() throws JMSException {
        if (jms != null) {
            jms.close();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    static void sendTo(String clientId, String topic, byte[] payload, boolean persistent) throws JMSException {
        jms.sendToDevice(clientId, topic, payload, persistent);
    }

    static Mqtt3BlockingClient device(String id, boolean cleanSession) {
        return Devices.connected(bridge.mqttPort(), id, cleanSession);
    }

    /**
     * Many clients addressed once each, connected or away with a persistent session, and then gone:
     * the router keeps nothing for them afterwards (issue 11, defect 5: one route per client ever
     * addressed stayed for ever).
     */
    @Test
    void routesShrinkBackAfterManyClientsWereAddressedAndLeft() throws Exception {
        org.telemetrybridge.session.PointToPoint router = bridge.bean(org.telemetrybridge.session.PointToPoint.class);
        java.util.Set<String> before = router.routedClients();
        for (int i = 0; i < 40; i++) {
            String id = "CHURNP" + i;
            try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
                device.connect(id, false, 60);
                device.disconnect();
            }
            sendTo(id, "cmd/held", ("held" + i).getBytes(StandardCharsets.UTF_8), true); // held while away
        }
        for (int i = 0; i < 60; i++) {
            String id = i < 40 ? "CHURNP" + i : "CHURNC" + i;
            try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
                device.connect(id, i >= 40, 60);
                if (i >= 40) {
                    sendTo(id, "cmd/direct", ("direct" + i).getBytes(StandardCharsets.UTF_8), true);
                }
                MqttPublishMessage publish = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
                device.ack(MqttMessageType.PUBACK, publish.variableHeader().packetId());
                device.disconnect();
            }
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(router.routedClients()).isSubsetOf(before));
    }

    @Test
    void jmsApplicationSendsToOneDeviceWithoutItSubscribing() throws Exception {
        Mqtt3BlockingClient device = device("DEV1", true);
        Mqtt3BlockingClient other = device("DEV2", true);
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt3BlockingClient.Mqtt3Publishes otherIn = other.publishes(MqttGlobalPublishFilter.ALL)) {
            byte[] payload = {0, 'r', 'e', 'b', 'o', 'o', 't', (byte) 0xff};
            sendTo("DEV1", "cmd/reboot", payload, true);
            sendTo("DEV1", "cmd/ping", "np".getBytes(), false);

            Mqtt3Publish reboot = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(reboot.getTopic().toString()).isEqualTo("cmd/reboot");
            assertThat(reboot.getPayloadAsBytes()).isEqualTo(payload);
            assertThat(reboot.getQos()).as("persistent maps to QoS 1").isEqualTo(MqttQos.AT_LEAST_ONCE);
            Mqtt3Publish ping = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            while (!deliversExactlyOnce() && ping.getTopic().toString().equals("cmd/reboot")) {
                ping = in.receive(10, TimeUnit.SECONDS).orElseThrow(); // a redelivered batch
            }
            assertThat(ping.getTopic().toString()).isEqualTo("cmd/ping");
            assertThat(ping.getQos()).as("non-persistent maps to QoS 0").isEqualTo(MqttQos.AT_MOST_ONCE);
            assertThat(otherIn.receive(500, TimeUnit.MILLISECONDS)).as("only the addressed client").isEmpty();
        } finally {
            device.disconnect();
            other.disconnect();
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                count("SYSTEM.MQTT.TRANSMIT.QUEUE", "DEV1") == 0);
    }

    /**
     * A message over the JMS client's large-message size (100 KiB) is kept by the broker in a file of
     * its own and streamed: the drain still delivers it whole, and takes it off the queue.
     */
    @Test
    void aLargeMessageArrivesWhole() throws Exception {
        byte[] payload = new byte[300_000];
        new java.util.Random(7).nextBytes(payload);
        Mqtt3BlockingClient device = device("DEVLARGE", true);
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
            sendTo("DEVLARGE", "cmd/firmware", payload, true);

            Mqtt3Publish firmware = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(firmware.getTopic().toString()).isEqualTo("cmd/firmware");
            assertThat(firmware.getPayloadAsBytes()).isEqualTo(payload);
            // The same from a producer that compresses large messages: the device gets the bytes sent.
            try (JmsClient compressing = new JmsClient(bridge.jmsUrl() + "&compressLargeMessage=true")) {
                Session session = compressing.session();
                MessageProducer producer = session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"));
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(payload);
                message.setStringProperty("RemoteQMgrName", "DEVLARGE");
                message.setStringProperty("RemoteQName", "cmd/compressed");
                producer.send(message);
            }
            Mqtt3Publish compressed = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            while (!deliversExactlyOnce() && compressed.getTopic().toString().equals("cmd/firmware")) {
                compressed = in.receive(10, TimeUnit.SECONDS).orElseThrow(); // a redelivered batch
            }
            assertThat(compressed.getTopic().toString()).isEqualTo("cmd/compressed");
            assertThat(compressed.getPayloadAsBytes()).isEqualTo(payload);
            sendTo("DEVLARGE", "cmd/after", "after".getBytes(StandardCharsets.UTF_8), true);
            Mqtt3Publish after = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            while (!deliversExactlyOnce() && !after.getTopic().toString().equals("cmd/after")) {
                after = in.receive(10, TimeUnit.SECONDS).orElseThrow(); // a redelivered batch
            }
            assertThat(after.getPayloadAsBytes()).asString(StandardCharsets.UTF_8).isEqualTo("after");
        } finally {
            device.disconnect();
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                count("SYSTEM.MQTT.TRANSMIT.QUEUE", "DEVLARGE") == 0);
    }

    /**
     * A payload larger than bridge.mqtt.max-packet-size (4 MB by default) is never sent to a device: it goes
     * to the dead-letter queue with reason 2218 (MQRC_MSG_TOO_BIG_FOR_CHANNEL), whole, and the device's next
     * message arrives. The embedded drain finds it before reading it ({@link TransmitMessageSizeLimitTest});
     * a JMS consumer has read it, and the drain does not send it.
     */
    @Test
    void aMessageLargerThanTheMaximumPacketSizeIsDeadLetteredNotSent() throws Exception {
        byte[] tooLarge = new byte[4 * 1024 * 1024 + 1];
        new java.util.Random(11).nextBytes(tooLarge);
        Mqtt3BlockingClient device = device("DEVHUGE", true);
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
            sendTo("DEVHUGE", "cmd/huge", tooLarge, true);
            sendTo("DEVHUGE", "cmd/after", "after".getBytes(StandardCharsets.UTF_8), true);
            Mqtt3Publish next = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(next.getTopic().toString()).as("the 4 MB + 1 message is not sent").isEqualTo("cmd/after");

            Session session = jms.session();
            try (MessageConsumer dlq = session.createConsumer(session.createQueue("SYSTEM.DEAD.LETTER.QUEUE"),
                    "mqtt_dlq_clientid = 'DEVHUGE'")) {
                BytesMessage dead = (BytesMessage) dlq.receive(10_000);
                assertThat(dead).isNotNull();
                assertThat(dead.getIntProperty("mqtt_dlq_reason_code")).isEqualTo(2218);
                byte[] body = new byte[(int) dead.getBodyLength()];
                dead.readBytes(body);
                assertThat(body).isEqualTo(tooLarge);
            }
        } finally {
            device.disconnect();
        }
    }

    @Test
    void messageForADisconnectedPersistentSessionArrivesWhenItReconnects() throws Exception {
        Mqtt3BlockingClient device = device("PERSIST1", false);
        device.disconnect();
        sendTo("PERSIST1", "cmd/later", "waited".getBytes(), true);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> count("TBRIDGE.HELD.QUEUE", "PERSIST1") == 1);

        Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), "PERSIST1");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
            back.connectWith().cleanSession(false).send();
            Mqtt3Publish later = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(later.getPayloadAsBytes())).isEqualTo("waited");
            assertThat(later.getTopic().toString()).isEqualTo("cmd/later");
            sendTo("PERSIST1", "cmd/now", "direct again".getBytes(), true);
            assertThat(new String(in.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()))
                    .isEqualTo("direct again");
        } finally {
            back.disconnect();
            device("PERSIST1", true).disconnect();
        }
    }

    @Test
    void qos1MessageIsRedeliveredWhenThePersistentClientDropsBeforePuback() throws Exception {
        try (RawMqttClient first = RawMqttClient.open(bridge.mqttPort())) {
            first.connect("DROPPY", false, 60);
            sendTo("DROPPY", "cmd/once", "x1".getBytes(), true);
            MqttPublishMessage publish = (MqttPublishMessage) first.expect(MqttMessageType.PUBLISH);
            int packetId = publish.variableHeader().packetId();
            first.drop();

            try (RawMqttClient second = RawMqttClient.open(bridge.mqttPort())) {
                second.connect("DROPPY", false, 60);
                MqttPublishMessage again = (MqttPublishMessage) second.expect(MqttMessageType.PUBLISH);
                assertThat(again.payload().toString(StandardCharsets.UTF_8)).isEqualTo("x1");
                assertThat(again.fixedHeader().isDup()).isTrue();
                assertThat(again.variableHeader().packetId()).as("its original packet id").isEqualTo(packetId);
                second.ack(MqttMessageType.PUBACK, packetId);
                second.disconnect();
            }
        }
        device("DROPPY", true).disconnect();
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                List.of(count("TBRIDGE.HELD.QUEUE", "DROPPY"), count("SYSTEM.MQTT.TRANSMIT.QUEUE", "DROPPY")))
                .as("nothing left for DROPPY").containsOnly(0));
    }

    @Test
    void messageForAnUnknownClientGoesToTheDeadLetterQueueWithItsReason() throws Exception {
        try (LogCapture log = new LogCapture()) {
            sendTo("NOBODY", "cmd/x", "lost?".getBytes(), true);
            MessageConsumer dlq = jms.session().createConsumer(jms.session().createQueue("SYSTEM.DEAD.LETTER.QUEUE"),
                    "mqtt_dlq_clientid = 'NOBODY'");
            Message dead = dlq.receive(10_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getIntProperty("mqtt_dlq_reason_code")).isEqualTo(2087);
            assertThat(dead.getStringProperty("mqtt_dlq_reason")).contains("never connected");
            assertThat(dead.getStringProperty("RemoteQName")).isEqualTo("cmd/x");
            BytesMessage bytes = (BytesMessage) dead;
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            assertThat(new String(body)).isEqualTo("lost?");
            dlq.close();
            assertThat(log.awaitMessage("TBR0041W", "NOBODY")).contains("2087");
        }
    }

    @Test
    void thousandMessagesAcrossHundredClientsArriveInOrderWhileOneClientDoesNotConsume() throws Exception {
        int clients = 100;
        int perClient = 10;
        Map<String, List<Integer>> received = new ConcurrentHashMap<>();
        List<Mqtt3AsyncClient> devices = new ArrayList<>();
        for (int c = 1; c < clients; c++) {
            String id = "FLEET" + c;
            List<Integer> sequence = new CopyOnWriteArrayList<>();
            received.put(id, sequence);
            Mqtt3AsyncClient device = Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1")
                    .serverPort(bridge.mqttPort()).buildAsync();
            device.publishes(MqttGlobalPublishFilter.ALL, publish ->
                    sequence.add(Integer.parseInt(new String(publish.getPayloadAsBytes()))));
            device.connectWith().cleanSession(false).send().join();
            devices.add(device);
        }
        // FLEET0 is connected but never acknowledges: its window and then its queue fill up.
        try (RawMqttClient stuck = RawMqttClient.open(bridge.mqttPort())) {
            stuck.connect("FLEET0", false, 600);
            for (int n = 0; n < perClient; n++) {
                for (int c = 0; c < clients; c++) {
                    sendTo("FLEET" + c, "fleet/seq", String.valueOf(n).getBytes(), true);
                }
            }
            List<Integer> expected = java.util.stream.IntStream.range(0, perClient).boxed().toList();
            Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                    received.values().stream().allMatch(list -> list.stream().distinct().count() >= perClient));
            received.forEach((id, sequence) -> {
                if (deliversExactlyOnce()) {
                    assertThat(sequence).as(id).isEqualTo(expected);
                } else {
                    assertThat(firstArrivals(sequence)).as(id + " (first arrivals)").isEqualTo(expected);
                }
            });
            assertThat(stuck.poll(10, TimeUnit.SECONDS)).as("the stuck client got its first messages").isNotNull();
        } finally {
            devices.forEach(device -> device.disconnect().join());
        }
    }

    /** The sequence without redeliveries: each number where it first arrived. */
    private static List<Integer> firstArrivals(List<Integer> sequence) {
        return sequence.stream().distinct().toList();
    }

    /** Messages for one client on a queue, acknowledged ones not counted. */
    private static int count(String queue, String clientId) throws JMSException {
        try (JmsClient browserClient = new JmsClient(bridge.jmsUrl())) {
            Session session = browserClient.session();
            var messages = session.createBrowser(session.createQueue(queue), "RemoteQMgrName = '" + clientId + "'")
                    .getEnumeration();
            int count = 0;
            while (messages.hasMoreElements()) {
                messages.nextElement();
                count++;
            }
            return count;
        }
    }
}
