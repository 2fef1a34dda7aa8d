package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeProcess;
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
}
