package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;

/**
 * The held queue was renamed from SYSTEM.MQTT.HELD.QUEUE (a name in IBM's reserved SYSTEM.* space) to
 * TBRIDGE.HELD.QUEUE. A journal of an earlier version still has the old queue: at start, its messages
 * move to the new one and reach their device when it reconnects; nothing is lost.
 */
class LegacyHeldQueueTest {

    @Test
    void messagesOnTheOldHeldQueueMoveToTheNewOneAndAreDelivered(@TempDir Path data) throws Exception {
        try (BridgeInstance bridge = new BridgeInstance(data).start()) {
            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "LEGACY1", false);
            device.disconnect();
            // What an earlier version left: the old queue with a held message for the device.
            bridge.broker().server().createQueue(QueueConfiguration.of(MqObjectNames.LEGACY_HELD_QUEUE)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
            try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                MessageProducer producer = jms.session().createProducer(
                        jms.session().createQueue(MqObjectNames.LEGACY_HELD_QUEUE));
                BytesMessage held = jms.session().createBytesMessage();
                held.writeBytes("kept across the rename".getBytes(StandardCharsets.UTF_8));
                held.setStringProperty("RemoteQMgrName", "LEGACY1");
                held.setStringProperty("RemoteQName", "cmd/old");
                held.setLongProperty("mqtt_hold_until", 0);
                producer.send(held, DeliveryMode.PERSISTENT, 4, 0);
            }

            bridge.restart();

            assertThat(bridge.broker().server().locateQueue(MqObjectNames.LEGACY_HELD_QUEUE).getMessageCount())
                    .isZero();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    bridge.broker().server().locateQueue(MqObjectNames.HELD_QUEUE).getMessageCount() == 1);
            Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), "LEGACY1");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                back.connectWith().cleanSession(false).send();
                Mqtt3Publish publish = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(publish.getTopic().toString()).isEqualTo("cmd/old");
                assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("kept across the rename");
            } finally {
                back.disconnect();
            }
        }
    }
}
