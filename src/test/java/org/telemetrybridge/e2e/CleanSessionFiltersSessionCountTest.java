package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import jakarta.jms.MessageProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.admin.BackendConnectionMetrics;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;

/**
 * Clean sessions' shared subscriptions consume on a fixed few JMS sessions, shared by every filter: the
 * bridge's session count ({@code bridge.backend.sessions}) stays a small fixed figure however many
 * distinct filters its clean-session clients subscribe to, and every filter is still served.
 */
class CleanSessionFiltersSessionCountTest {

    private static final int FILTERS = 200;

    @TempDir
    Path data;

    @Test
    void theSessionCountStaysFixedForTwoHundredDistinctCleanSessionFilters() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            JmsBackend backend = bridge.bean(JmsBackend.class);
            BackendConnectionMetrics gauges = bridge.bean(BackendConnectionMetrics.class);
            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "MANYFILTERS");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
                device.subscribeWith().topicFilter("many/0/+").qos(MqttQos.AT_MOST_ONCE).send();
                int withOne = backend.openSessions();
                for (int i = 1; i < FILTERS; i++) {
                    device.subscribeWith().topicFilter("many/" + i + "/+").qos(MqttQos.AT_MOST_ONCE).send();
                }
                int withAll = backend.openSessions();
                assertThat(withAll).as("JMS sessions with 1 filter: %d, with %d: %d", withOne, FILTERS, withAll)
                        .isLessThanOrEqualTo(withOne + JmsBackend.SHARED_SUBSCRIPTION_SESSIONS);
                assertThat(gauges.connections()).isEqualTo(1);

                // Every filter is served: a JMS application's publication on each reaches the device.
                try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                    MessageProducer producer = jms.session().createProducer(null);
                    for (int i = 0; i < FILTERS; i++) {
                        producer.send(jms.session().createTopic("many/" + i + "/x"),
                                jms.session().createTextMessage("f" + i));
                    }
                }
                Set<String> received = new HashSet<>();
                while (received.size() < FILTERS) {
                    Mqtt3Publish publish = in.receive(20, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError(
                            "only " + received.size() + " of " + FILTERS + " filters delivered"));
                    received.add(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
                }

                // Unsubscribing gives nothing back that the count would miss, and subscribing again takes no more.
                for (int i = 0; i < FILTERS; i++) {
                    device.unsubscribeWith().topicFilter("many/" + i + "/+").send();
                }
                for (int i = 0; i < FILTERS; i++) {
                    device.subscribeWith().topicFilter("again/" + i).qos(MqttQos.AT_MOST_ONCE).send();
                }
                assertThat(backend.openSessions()).isLessThanOrEqualTo(withAll);
            } finally {
                device.disconnect();
            }
        }
    }
}
