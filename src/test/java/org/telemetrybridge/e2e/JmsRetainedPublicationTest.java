package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.Mosquitto;

/**
 * A retained publication from a JMS application ({@code JMS_IBM_Retain = 1}, as on IBM MQ) is kept by the
 * embedded stand-in however the application sends it: in AUTO_ACKNOWLEDGE (no transaction), persistent
 * or not, as well as in a transaction. A device that subscribes later gets it with RETAIN set
 * [MQTT-3.3.1-9], also after a restart of the bridge.
 */
class JmsRetainedPublicationTest {

    @TempDir
    Path data;

    @Test
    void aRetainedPublicationSentOutsideATransactionReachesALaterSubscriber() throws Exception {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                Session session = jms.session(); // AUTO_ACKNOWLEDGE, not transacted
                assertThat(session.getTransacted()).isFalse();
                BytesMessage persistent = session.createBytesMessage();
                persistent.writeBytes("21.5".getBytes(StandardCharsets.UTF_8));
                persistent.setIntProperty("JMS_IBM_Retain", 1);
                session.createProducer(session.createTopic("plant/retained/p"))
                        .send(persistent, DeliveryMode.PERSISTENT, 4, 0);
                TextMessage nonPersistent = session.createTextMessage("open");
                nonPersistent.setIntProperty("JMS_IBM_Retain", 1);
                session.createProducer(session.createTopic("plant/retained/n"))
                        .send(nonPersistent, DeliveryMode.NON_PERSISTENT, 4, 0);
            }

            Mosquitto.Result later = Mosquitto.sub(bridge.mqttPort(), "-t", "plant/retained/p", "-C", "1", "-W", "10",
                    "-v", "--retained-only");
            assertThat(later.stdout().trim()).as(later.stderr()).isEqualTo("plant/retained/p 21.5");

            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "RETJMS");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
                device.subscribeWith().topicFilter("plant/retained/n").send();
                Mqtt3Publish retained = in.receive(10, TimeUnit.SECONDS).orElseThrow(
                        () -> new AssertionError("the non-persistent retained publication did not arrive"));
                assertThat(new String(retained.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("open");
                assertThat(retained.isRetain()).as("[MQTT-3.3.1-9]").isTrue();
            } finally {
                device.disconnect();
            }

            bridge.restart();
            Mosquitto.Result afterRestart = Mosquitto.sub(bridge.mqttPort(), "-t", "plant/retained/p", "-C", "1",
                    "-W", "10", "-v", "--retained-only");
            assertThat(afterRestart.stdout().trim()).as("kept on SYSTEM.MQTT.RETAINED across a restart: "
                    + afterRestart.stderr()).isEqualTo("plant/retained/p 21.5");
        }
    }
}
