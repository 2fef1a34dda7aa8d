package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.BridgeProcess;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.RawMqttClient;

/**
 * A persistent session whose subscriptions overlap gets one copy of a publication per matching
 * subscription, each at that subscription's QoS, as MQ Telemetry delivered them: the copy of the
 * subscription with the highest QoS goes at that QoS [MQTT-3.3.4-2] (3.1.1: [MQTT-3.3.5-1]), and the
 * others are the further copies MQTT allows. The copies share the publication's message id; each must
 * still be delivered, and recognised after a crash, on its own.
 */
class OverlappingSubscriptionsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> FILTERS = List.of("ov/#", "ov/+", "ov/t", "+/t");

    @TempDir
    Path temp;

    private static void publishQos2(RawMqttClient publisher, String topic, String payload, int packetId) {
        publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 2, false, packetId);
        publisher.expect(MqttMessageType.PUBREC);
        publisher.ack(MqttMessageType.PUBREL, packetId);
        publisher.expect(MqttMessageType.PUBCOMP);
    }

    private static void receiveQos2(RawMqttClient device, String payload) {
        MqttPublishMessage publish = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
        assertThat(publish.payload().toString(StandardCharsets.UTF_8)).isEqualTo(payload);
        assertThat(publish.fixedHeader().qosLevel().value()).isEqualTo(2);
        int packetId = publish.variableHeader().packetId();
        device.ack(MqttMessageType.PUBREC, packetId);
        assertThat(((MqttMessageIdVariableHeader) device.expect(MqttMessageType.PUBREL).variableHeader()).messageId())
                .isEqualTo(packetId);
        device.ack(MqttMessageType.PUBCOMP, packetId);
    }

    /**
     * With one message in flight at a time, the second subscription's copy goes only after the first
     * copy's QoS 2 exchange is complete: it must not be taken for that message coming back.
     */
    @Test
    void eachOverlappingQos2SubscriptionGetsItsCopyAlsoWhenTheyGoOneAfterTheOther() throws Exception {
        try (BridgeInstance bridge = new BridgeInstance(temp.resolve("data"),
                Map.of("bridge.session.max-inflight", "1")).start();
             RawMqttClient device = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient publisher = RawMqttClient.open(bridge.mqttPort())) {
            device.connect("OVERLAP2", false, 60);
            device.subscribe(1, "ov/+", 2);
            device.subscribe(2, "ov/#", 2);
            publisher.connect("OVERPUB", true, 60);
            publishQos2(publisher, "ov/t", "both", 1);

            receiveQos2(device, "both");
            receiveQos2(device, "both");
            assertThat(device.poll(1, TimeUnit.SECONDS)).as("one copy per subscription, no more").isNull();
        }
    }

    /**
     * Publications for an away device with four overlapping QoS 2 subscriptions, while the bridge is
     * killed with kill -9 as it moves their copies to the held queue: a kill between the held copy of
     * one subscription and the next subscription's copy of the same publication must lose neither, and
     * no copy may come twice (QoS 2). Each kill lands while copies are being held, at a random copy.
     */
    @Test
    void noCopyOfOverlappingSubscriptionsIsLostOrDoubledWhenTheBridgeIsKilledWhileHoldingThem() throws Exception {
        int perRound = 50;
        int rounds = 2;
        String clientId = "OVCRASH";
        int port = BridgeProcess.freePort();
        try (BridgeProcess bridge = new BridgeProcess(temp.resolve("crash"), port).start()) {
            try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
                device.connect(clientId, false, 60);
                int packetId = 1;
                for (String filter : FILTERS) {
                    device.subscribe(packetId++, filter, 2);
                }
                device.disconnect();
            }
            for (int round = 0; round < rounds; round++) {
                try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                    int before = held(jms, clientId);
                    Session session = jms.transactedSession();
                    MessageProducer producer = session.createProducer(session.createTopic("ov/t"));
                    for (int i = 0; i < perRound; i++) {
                        BytesMessage message = session.createBytesMessage();
                        message.writeBytes(("r" + round + "-" + i).getBytes(StandardCharsets.UTF_8));
                        message.setIntProperty("mqtt_qos", 2);
                        producer.send(message, DeliveryMode.PERSISTENT, 4, 0);
                    }
                    session.commit();
                    Awaitility.await("copies being held").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                            .until(() -> held(jms, clientId) > before);
                }
                bridge.kill();
                bridge.start();
            }

            Map<String, Integer> copies = new TreeMap<>();
            int expected = perRound * rounds * FILTERS.size();
            Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), clientId);
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                back.connectWith().cleanSession(false).send();
                int received = 0;
                while (received < expected) {
                    Mqtt3Publish publish = in.receive(10, TimeUnit.SECONDS).orElse(null);
                    if (publish == null) {
                        break;
                    }
                    assertThat(publish.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
                    copies.merge(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8), 1, Integer::sum);
                    received++;
                }
                System.out.println("overlapping copies after kills: " + received + " of " + expected);
                assertThat(in.receive(1, TimeUnit.SECONDS)).as("nothing more").isEmpty();
            } finally {
                back.disconnect();
            }
            Map<String, Integer> wrong = new TreeMap<>();
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < perRound; i++) {
                    String payload = "r" + round + "-" + i;
                    int count = copies.getOrDefault(payload, 0);
                    if (count != FILTERS.size()) {
                        wrong.put(payload, count);
                    }
                }
            }
            assertThat(wrong).as("publications not delivered exactly once per subscription (payload=copies)")
                    .isEmpty();
        }
    }

    /** How many messages wait on the held queue for the client. */
    private static int held(JmsClient jms, String clientId) throws Exception {
        QueueBrowser browser = jms.session().createBrowser(jms.session().createQueue(MqObjectNames.HELD_QUEUE),
                "RemoteQMgrName = '" + clientId + "'");
        try {
            int count = 0;
            for (var each = browser.getEnumeration(); each.hasMoreElements(); each.nextElement()) {
                count++;
            }
            return count;
        } finally {
            browser.close();
        }
    }
}
