package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeProcess;
import org.telemetrybridge.support.CrashLoad;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.RawMqttClient;

/** A bridge killed with kill -9 loses nothing: what was not acknowledged is delivered after the restart. */
class CrashTest {

    @TempDir
    Path temp;

    @Test
    void transmitQueueMessageIsNotLostWhenTheBridgeIsKilledBeforePuback() throws Exception {
        Path data = temp.resolve("data");
        try (BridgeProcess bridge = new BridgeProcess(data).start()) {
            try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
                device.connect("CRASHDEV", false, 60);
                try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                    Session session = jms.session();
                    MessageProducer producer = session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"));
                    BytesMessage message = session.createBytesMessage();
                    message.writeBytes("survive".getBytes(StandardCharsets.UTF_8));
                    message.setStringProperty("RemoteQMgrName", "CRASHDEV");
                    message.setStringProperty("RemoteQName", "cmd/crash");
                    producer.send(message, DeliveryMode.PERSISTENT, 4, 0);
                }
                MqttPublishMessage publish = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
                assertThat(publish.payload().toString(StandardCharsets.UTF_8)).isEqualTo("survive");
                bridge.kill(); // before the device acknowledges
            }

            bridge.start();
            try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
                device.connect("CRASHDEV", false, 60);
                MqttPublishMessage again = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
                assertThat(again.payload().toString(StandardCharsets.UTF_8)).isEqualTo("survive");
                assertThat(again.variableHeader().topicName()).isEqualTo("cmd/crash");
                // No DUP here: the embedded broker does not write delivery counts to its journal before
                // each delivery (that would cost a disk write per message), so after a crash it cannot
                // tell that the message went out before. Listed as a known deviation in docs/mqtt.md.
                device.ack(MqttMessageType.PUBACK, again.variableHeader().packetId());
                device.disconnect();
            }
        }
    }

    @Test
    void qos1PublicationAcknowledgedBeforeAKillReachesThePersistentSubscriberAfterIt() throws Exception {
        Path data = temp.resolve("data2");
        try (BridgeProcess bridge = new BridgeProcess(data).start()) {
            try (RawMqttClient subscriber = RawMqttClient.open(bridge.mqttPort())) {
                subscriber.connect("CRASHSUB", false, 60);
                subscriber.subscribe(1, "crash/t", 1);
                subscriber.disconnect();
            }
            try (RawMqttClient publisher = RawMqttClient.open(bridge.mqttPort())) {
                publisher.connect("CRASHPUB", true, 60);
                for (int i = 1; i <= 20; i++) {
                    publisher.publish("crash/t", ("m" + i).getBytes(), 1, false, i);
                    publisher.expect(MqttMessageType.PUBACK);
                }
            }
            bridge.kill();

            bridge.start();
            try (RawMqttClient subscriber = RawMqttClient.open(bridge.mqttPort())) {
                subscriber.connect("CRASHSUB", false, 60);
                for (int i = 1; i <= 20; i++) {
                    MqttPublishMessage publish = (MqttPublishMessage) subscriber.expect(MqttMessageType.PUBLISH);
                    assertThat(publish.payload().toString(StandardCharsets.UTF_8)).isEqualTo("m" + i);
                    subscriber.ack(MqttMessageType.PUBACK, publish.variableHeader().packetId());
                }
            }
        }
    }

    /** A complete QoS 2 exchange from a publisher (PUBLISH, PUBREC, PUBREL, PUBCOMP). */
    private static void publishQos2(RawMqttClient publisher, String topic, String payload, int packetId) {
        publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 2, false, packetId);
        publisher.expect(MqttMessageType.PUBREC);
        publisher.ack(MqttMessageType.PUBREL, packetId);
        publisher.expect(MqttMessageType.PUBCOMP);
    }

    private static MqttPublishMessage expectPublish(RawMqttClient device, String payload) {
        MqttPublishMessage publish = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
        assertThat(publish.payload().toString(StandardCharsets.UTF_8)).isEqualTo(payload);
        return publish;
    }

    private static void completeAsReceiver(RawMqttClient device, int packetId) {
        device.ack(MqttMessageType.PUBREC, packetId);
        assertThat(((MqttMessageIdVariableHeader) device.expect(MqttMessageType.PUBREL).variableHeader()).messageId())
                .isEqualTo(packetId);
        device.ack(MqttMessageType.PUBCOMP, packetId);
    }

    /**
     * QoS 2 to persistent subscribers across a kill -9 (issue 11, defect 7). Client A had PUBREC'd a
     * message and holds its packet id until PUBREL: on resuming the session the bridge sends PUBREL
     * again [MQTT-4.4.0-1], and a new message does not take that id (the client would drop it as a
     * duplicate). Client B had not answered a PUBLISH (its PUBREC lost in the crash): the message
     * comes again with the same packet id, so the client can recognise it [MQTT-4.3.3-9].
     */
    @Test
    void qos2ExchangesUnfinishedAtAKillAreFinishedAfterItWithTheirPacketIds() throws Exception {
        Path data = temp.resolve("data3");
        try (BridgeProcess bridge = new BridgeProcess(data).start()) {
            int held;
            int unanswered;
            try (RawMqttClient a = RawMqttClient.open(bridge.mqttPort());
                 RawMqttClient b = RawMqttClient.open(bridge.mqttPort());
                 RawMqttClient publisher = RawMqttClient.open(bridge.mqttPort())) {
                a.connect("CRASHQ2A", false, 60);
                a.subscribe(1, "crash/q2a", 2);
                b.connect("CRASHQ2B", false, 60);
                b.subscribe(1, "crash/q2b", 2);
                publisher.connect("CRASHQ2PUB", true, 60);
                publishQos2(publisher, "crash/q2a", "a0", 1);
                completeAsReceiver(a, expectPublish(a, "a0").variableHeader().packetId());
                publishQos2(publisher, "crash/q2b", "b0", 2);
                completeAsReceiver(b, expectPublish(b, "b0").variableHeader().packetId());
                publishQos2(publisher, "crash/q2a", "a1", 3);
                held = expectPublish(a, "a1").variableHeader().packetId();
                a.ack(MqttMessageType.PUBREC, held);
                a.expect(MqttMessageType.PUBREL);
                publishQos2(publisher, "crash/q2b", "b1", 4);
                unanswered = expectPublish(b, "b1").variableHeader().packetId();
                // A holds its id until PUBREL comes again; B's PUBREC is "lost". Then the bridge dies.
                bridge.kill();
            }

            bridge.start();
            try (RawMqttClient a = RawMqttClient.open(bridge.mqttPort());
                 RawMqttClient b = RawMqttClient.open(bridge.mqttPort());
                 RawMqttClient publisher = RawMqttClient.open(bridge.mqttPort())) {
                MqttConnAckMessage connAck = (MqttConnAckMessage) a.connect("CRASHQ2A", false, 60);
                assertThat(connAck.variableHeader().isSessionPresent()).isTrue();
                MqttMessage pubrel = a.expect(MqttMessageType.PUBREL);
                assertThat(((MqttMessageIdVariableHeader) pubrel.variableHeader()).messageId())
                        .as("PUBREL sent again for the id the client holds").isEqualTo(held);
                publisher.connect("CRASHQ2PUB", true, 60);
                publishQos2(publisher, "crash/q2a", "a2", 1);
                MqttPublishMessage a2 = expectPublish(a, "a2");
                assertThat(a2.variableHeader().packetId()).as("a new message on an id the client still holds")
                        .isNotEqualTo(held);
                a.ack(MqttMessageType.PUBCOMP, held);
                completeAsReceiver(a, a2.variableHeader().packetId());
                assertThat(a.poll(500, TimeUnit.MILLISECONDS)).as("a1 is not delivered again").isNull();

                b.connect("CRASHQ2B", false, 60);
                MqttPublishMessage again = expectPublish(b, "b1");
                assertThat(again.variableHeader().packetId()).as("the same packet id as before the kill")
                        .isEqualTo(unanswered);
                completeAsReceiver(b, unanswered);
                a.disconnect();
                b.disconnect();
            }
        }
    }

    /**
     * The proof of issue 11: persistent QoS 2 subscribers that keep their own packet-id state
     * (hivemq-mqtt-client and libmosquitto's mosquitto_sub) and publishers at QoS 1 and QoS 2 under
     * load, while the bridge is killed with kill -9 and restarted on the same data directory: no
     * acknowledged publication is lost, and no QoS 2 publication is delivered twice. Counts and kills
     * by system property for a longer run: {@code -Dcrash.messages=5000 -Dcrash.kills=5}
     * (docs/reliability.md).
     */
    @Test
    void noAcknowledgedMessageLostAndNoQos2DuplicateAcrossKillsUnderLoad() throws Exception {
        int messages = Integer.getInteger("crash.messages", 400);
        int kills = Integer.getInteger("crash.kills", 2);
        Path data = temp.resolve("data-load");
        int port = BridgeProcess.freePort();
        try (BridgeProcess bridge = new BridgeProcess(data, port).start();
             CrashLoad load = new CrashLoad(port)) {
            load.subscribe();
            load.startPublishing(messages);
            for (int kill = 1; kill <= kills; kill++) {
                int target = messages * 2 * kill / (kills + 1);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= target);
                bridge.kill();
                bridge.start();
            }
            load.awaitPublished(Duration.ofSeconds(60));
            load.awaitDelivered(Duration.ofSeconds(60));
            CrashLoad.Figures figures = load.figures();
            System.out.println("crash test: " + kills + " kills, " + figures + " " + load.details());
            assertThat(figures.lost()).as("acknowledged publications lost: " + load.details()).isZero();
            assertThat(figures.qos2Duplicates()).as("QoS 2 publications delivered twice: " + load.details()).isZero();
        }
    }
}
