package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeProcess;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.RawMqttClient;
import org.telemetrybridge.support.SharedBroker;

/**
 * Active/standby: two bridge processes on one stand-in queue manager, shared over TCP as an IBM MQ
 * queue manager would be. The first holds the lock queue and serves; the second waits, not ready and
 * refusing devices; when the first is killed the second takes over, and a device with a persistent
 * session finds its subscription and every message sent while it was away.
 */
class HighAvailabilityTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void standbyRefusesDevicesAndTakesOverWithTheSessionsAndWaitingMessagesWhenTheActiveBridgeDies()
            throws Exception {
        try (SharedBroker broker = new SharedBroker(temp.resolve("broker")).start();
             BridgeProcess first = bridge(broker, "a");
             BridgeProcess second = bridge(broker, "b");
             JmsClient application = new JmsClient(broker.jmsUrl())) {
            first.start();
            awaitLog(first, "TBR0341I");
            second.start();
            awaitLog(second, "TBR0340I");

            // The standby: not ready, and a device is told to come back later.
            assertThat(readiness(first)).isEqualTo(200);
            assertThat(readiness(second)).isEqualTo(503);
            assertThat(get(first, "/actuator/health/readiness")).contains("\"role\":\"active\"");
            assertThat(get(second, "/actuator/health/readiness")).contains("\"role\":\"standby\"");
            assertThat(get(first, "/actuator/prometheus")).contains("bridge_ha_active 1.0");
            assertThat(get(second, "/actuator/prometheus")).contains("bridge_ha_active 0.0");
            try (RawMqttClient device = RawMqttClient.open(second.mqttPort())) {
                MqttConnAckMessage refused = (MqttConnAckMessage) device.connect("HADEV", false, 60);
                assertThat(refused.variableHeader().connectReturnCode())
                        .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                // [MQTT-3.2.2-4] a refusal has session present 0; [MQTT-3.2.2-5] the server then closes.
                assertThat(refused.variableHeader().isSessionPresent()).isFalse();
                assertThat(device.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            }

            // A device with a persistent session on the active bridge, subscribed and served.
            Session jms = application.session();
            // A retained publication, sent in a transaction as the bridge's own publishers send them.
            Session transacted = application.transactedSession();
            BytesMessage kept = transacted.createBytesMessage();
            kept.writeBytes("kept".getBytes(StandardCharsets.UTF_8));
            kept.setIntProperty("JMS_IBM_Retain", 1);
            transacted.createProducer(transacted.createTopic("ha/retained")).send(kept, DeliveryMode.PERSISTENT, 4, 0);
            transacted.commit();
            List<String> expected = new ArrayList<>();
            try (RawMqttClient device = RawMqttClient.open(first.mqttPort())) {
                assertThat(accepted(device.connect("HADEV", false, 60))).isTrue();
                device.subscribe(1, "ha/t", 1);
                publish(jms, jms.createTopic("ha/t"), "before");
                MqttPublishMessage before = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
                assertThat(payload(before)).isEqualTo("before");
                device.ack(MqttMessageType.PUBACK, before.variableHeader().packetId());

                long killed = System.nanoTime();
                first.kill();

                // While no bridge serves, MQ applications go on sending: publications and a message
                // for the device itself through the transmission queue.
                for (int i = 1; i <= 5; i++) {
                    publish(jms, jms.createTopic("ha/t"), "away-" + i);
                    expected.add("away-" + i);
                }
                BytesMessage direct = jms.createBytesMessage();
                direct.writeBytes("direct".getBytes(StandardCharsets.UTF_8));
                direct.setStringProperty("RemoteQMgrName", "HADEV");
                direct.setStringProperty("RemoteQName", "ha/direct");
                jms.createProducer(jms.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"))
                        .send(direct, DeliveryMode.PERSISTENT, 4, 0);
                expected.add("direct");

                awaitLog(second, "TBR0341I");
                // Standby was logged once, not at every look at the lock.
                assertThat(second.logText().split("TBR0340I", -1)).hasSize(2);
                Awaitility.await().atMost(GENEROUS).pollInterval(Duration.ofMillis(50))
                        .until(() -> readiness(second) == 200);
                System.out.printf("HighAvailabilityTest: the standby took over %d ms after the active bridge"
                        + " was killed%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
            }

            try (RawMqttClient device = RawMqttClient.open(second.mqttPort())) {
                MqttConnAckMessage resumed = (MqttConnAckMessage) device.connect("HADEV", false, 60);
                assertThat(accepted(resumed)).isTrue();
                // [MQTT-3.2.2-2] the session made on the first bridge is there on the second.
                assertThat(resumed.variableHeader().isSessionPresent()).isTrue();
                List<String> received = new ArrayList<>();
                Awaitility.await().atMost(GENEROUS).until(() -> {
                    MqttMessage next = device.poll(1, TimeUnit.SECONDS);
                    if (next instanceof MqttPublishMessage publish) {
                        received.add(payload(publish));
                        if (publish.fixedHeader().qosLevel().value() > 0) {
                            device.ack(MqttMessageType.PUBACK, publish.variableHeader().packetId());
                        }
                    }
                    return received.containsAll(expected);
                });
                // Nothing lost. QoS 1 allows one duplicate: "before", if the first bridge was killed after the
                // device's PUBACK but before it settled the message with the broker.
                assertThat(received).filteredOn(p -> !p.equals("before")).containsExactlyInAnyOrderElementsOf(expected);
                // The publications keep their order.
                assertThat(received.stream().filter(p -> p.startsWith("away")).toList())
                        .containsExactly("away-1", "away-2", "away-3", "away-4", "away-5");
                // Still subscribed: a publication after the take-over arrives too.
                publish(jms, jms.createTopic("ha/t"), "after");
                MqttPublishMessage after = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
                assertThat(payload(after)).isEqualTo("after");
                device.ack(MqttMessageType.PUBACK, after.variableHeader().packetId());
                // The retained publication, kept by the queue manager, is there for a new subscription
                // on the bridge that took over [MQTT-3.3.1-6].
                device.subscribe(2, "ha/retained", 1);
                MqttPublishMessage retained = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
                assertThat(payload(retained)).isEqualTo("kept");
                assertThat(retained.fixedHeader().isRetain()).isTrue();
            }
        }
    }

    /**
     * A bridge that stops answering with its sockets open (host frozen, network cut) is noticed by the
     * broker's connection TTL, which frees the lock; when it comes back it finds its connection gone and
     * becomes the standby: never two bridges serving at once.
     */
    @Test
    void aFrozenActiveBridgeIsReplacedAndComesBackAsTheStandby() throws Exception {
        try (SharedBroker broker = new SharedBroker(temp.resolve("broker")).start();
             BridgeProcess first = bridge(broker, "a");
             BridgeProcess second = bridge(broker, "b")) {
            first.start();
            awaitLog(first, "TBR0341I");
            second.start();
            awaitLog(second, "TBR0340I");

            long frozen = System.nanoTime();
            first.signal("STOP");
            try {
                awaitLog(second, "TBR0341I");
                Awaitility.await().atMost(GENEROUS).pollInterval(Duration.ofMillis(50))
                        .until(() -> readiness(second) == 200);
                System.out.printf("HighAvailabilityTest: the standby took over %d ms after the active bridge"
                        + " froze%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen));
            } finally {
                first.signal("CONT");
            }

            // Back, the first bridge finds its connection dropped and the lock taken: it stands by.
            awaitLog(first, "TBR0340I");
            Awaitility.await().atMost(GENEROUS).pollInterval(Duration.ofMillis(100))
                    .until(() -> readiness(first) == 503);
            try (RawMqttClient device = RawMqttClient.open(first.mqttPort())) {
                assertThat(((MqttConnAckMessage) device.connect("HAFROZEN", true, 60)).variableHeader()
                        .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            }
            try (RawMqttClient device = RawMqttClient.open(second.mqttPort())) {
                assertThat(accepted(device.connect("HAFROZEN", true, 60))).isTrue();
            }
        }
    }

    private BridgeProcess bridge(SharedBroker broker, String name) throws Exception {
        Map<String, String> settings = new HashMap<>(broker.bridgeSettings());
        settings.put("bridge.ha.mode", "active-standby");
        settings.put("bridge.ha.retry-interval", "500ms");
        settings.put("server.port", String.valueOf(BridgeProcess.freePort()));
        return new BridgeProcess(temp.resolve(name), 0, settings);
    }

    private int readiness(BridgeProcess bridge) throws Exception {
        String port = bridge.setting("server.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The body of a GET from loopback, which the quick start lets in with details. */
    private String get(BridgeProcess bridge, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.setting("server.port") + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitLog(BridgeProcess bridge, String messageId) {
        Awaitility.await().atMost(GENEROUS).pollInterval(Duration.ofMillis(50))
                .until(() -> bridge.logText().contains(messageId));
    }

    private static void publish(Session session, Destination topic, String payload) throws JMSException {
        try (MessageProducer producer = session.createProducer(topic)) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
            producer.send(message, DeliveryMode.PERSISTENT, 4, 0);
        }
    }

    private static boolean accepted(MqttMessage connack) {
        return ((MqttConnAckMessage) connack).variableHeader().connectReturnCode()
                == MqttConnectReturnCode.CONNECTION_ACCEPTED;
    }

    private static String payload(MqttPublishMessage publish) {
        return publish.payload().toString(StandardCharsets.UTF_8);
    }
}
