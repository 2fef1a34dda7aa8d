package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/** Devices see only the MQTT topic space of the embedded broker, not its management, events or queues. */
class BrokerInternalsTest {

    @TempDir
    static Path data;

    private static BridgeInstance bridge;

    @BeforeAll
    static void start() {
        bridge = BridgeInstance.started(data);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private static RawMqttClient connected(String clientId) {
        RawMqttClient client = RawMqttClient.open(bridge.mqttPort());
        client.connect(clientId, true, 0);
        return client;
    }

    @Test
    void theBrokersOwnAddressesAndQueuesCannotBeSubscribed() {
        try (LogCapture log = new LogCapture(); RawMqttClient device = connected("NOSY")) {
            device.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "activemq.notifications")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "activemq.management")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "SYSTEM.MQTT.TRANSMIT.QUEUE")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "SYSTEM.MQTT.PERSISTENT.STATE")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "SYSTEM.DEAD.LETTER.QUEUE")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "$sys/#")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "plain/+")
                    .build());
            MqttSubAckMessage ack = (MqttSubAckMessage) device.expect(MqttMessageType.SUBACK);
            assertThat(ack.payload().grantedQoSLevels()).containsExactly(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1);
            log.awaitMessage("TBR0124W", "NOSY", "activemq.notifications");
            log.awaitMessage("TBR0124W", "NOSY", "is a queue of the embedded broker");
        }
    }

    @Test
    void publishingToTheManagementAddressClosesTheConnection() {
        try (LogCapture log = new LogCapture(); RawMqttClient device = connected("MANAGER")) {
            device.publish("activemq.management", "{}".getBytes(), 1, false, 1);
            assertThat(device.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            assertThat(device.poll(0, TimeUnit.SECONDS)).as("no PUBACK").isNull();
            log.awaitMessage("TBR0123W", "MANAGER", "activemq.management");
        }
    }

    @Test
    void publishingToAQueueOfTheBrokerClosesTheConnection() {
        try (LogCapture log = new LogCapture(); RawMqttClient device = connected("QUEUER")) {
            device.publish("SYSTEM.MQTT.PERSISTENT.STATE", "x".getBytes(), 0, false, 0);
            assertThat(device.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            log.awaitMessage("TBR0123W", "QUEUER", "SYSTEM.MQTT.PERSISTENT.STATE");
        }
    }

    /** A "#" subscriber matches every one-level address; broker events must not be among them. */
    @Test
    void aHashSubscriberGetsDevicePublicationsAndNoBrokerEvents() throws Exception {
        try (LogCapture log = new LogCapture(); RawMqttClient all = connected("EVERYTHING")) {
            all.subscribe(1, "#", 0);
            // Events the broker would announce: consumers, queues and sessions come and go.
            try (RawMqttClient other = connected("BUSY"); JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                other.subscribe(1, "some/filter", 1);
                jms.session().createConsumer(jms.session().createTopic("jms/topic")).close();
                other.publish("device/data", "reading".getBytes(), 0, false, 0);
            }
            MqttPublishMessage first = (MqttPublishMessage) all.expect(MqttMessageType.PUBLISH);
            assertThat(first.variableHeader().topicName()).isEqualTo("device/data");
            try (RawMqttClient marker = connected("MARKER")) {
                marker.publish("device/marker", new byte[0], 0, false, 0);
            }
            MqttMessage next = all.expect(MqttMessageType.PUBLISH);
            assertThat(((MqttPublishMessage) next).variableHeader().topicName())
                    .as("nothing but device publications in between").isEqualTo("device/marker");
            // Broker events have no MQTT payload form: had they reached the subscription, TBR0035W says so.
            assertThat(log.messages()).noneMatch(message -> message.startsWith("TBR0035W"));
        }
    }

    /**
     * On Artemis a wildcard subscription also matches the addresses of queues: the messages of the
     * bridge's own queues (session state, retained copies) and of queues JMS applications use must
     * not reach a "#" subscriber.
     */
    @Test
    void aHashSubscriberGetsNoMessagesSentToQueues() throws Exception {
        try (LogCapture log = new LogCapture(); RawMqttClient all = connected("WATCHER")) {
            all.subscribe(1, "#", 0);
            try (RawMqttClient keeper = RawMqttClient.open(bridge.mqttPort()); JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                keeper.connect("KEEPER", false, 0);
                keeper.subscribe(1, "keeper/inbox/+", 1);
                jakarta.jms.Session session = jms.session();
                jakarta.jms.Message message = session.createTextMessage("for a queue");
                message.setStringProperty("RemoteQMgrName", "NOBODY");
                message.setStringProperty("RemoteQName", "x");
                session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE")).send(message);
                // The embedded broker keeps a copy of a retained publication on a queue of its own.
                keeper.publish("kept/retained", "r".getBytes(), 1, true, 2);
                keeper.expect(MqttMessageType.PUBACK);
                keeper.publish("device/marker", new byte[0], 0, false, 0);
            }
            MqttPublishMessage retained = (MqttPublishMessage) all.expect(MqttMessageType.PUBLISH);
            assertThat(retained.variableHeader().topicName()).isEqualTo("kept/retained");
            MqttPublishMessage next = (MqttPublishMessage) all.expect(MqttMessageType.PUBLISH);
            assertThat(next.variableHeader().topicName()).as("nothing from a queue before it").isEqualTo("device/marker");
            assertThat(log.messages()).noneMatch(line -> line.startsWith("TBR0052E") || line.startsWith("TBR0035W"));
        }
    }
}
