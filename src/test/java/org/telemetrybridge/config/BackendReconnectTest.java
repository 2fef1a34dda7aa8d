package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.mqtt.MqttServer;

/**
 * The backend's connection breaks under connected clients: the bridge marks itself unavailable,
 * drops every MQTT client, reconnects on its own, and a persistent session resumes with its durable
 * subscription, as it would after an IBM MQ queue manager restart.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackendReconnectTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("bridge.embedded.data-dir", () -> data.toString());
        registry.add("bridge.embedded.jms-port", () -> "-1");
        registry.add("bridge.mqtt.port", () -> "0");
        registry.add("bridge.jms.reconnect-initial-interval", () -> "50ms");
        registry.add("bridge.jms.reconnect-max-interval", () -> "200ms");
    }

    @Autowired
    EmbeddedBroker broker;

    @Autowired
    JmsBackend backend;

    @Autowired
    MqttServer mqtt;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void clientsAreDroppedWhileTheBackendIsAwayAndPersistentSessionsResumeAfterReconnect(CapturedOutput output)
            throws Exception {
        CountDownLatch dropped = new CountDownLatch(1);
        Mqtt3BlockingClient device = Mqtt3Client.builder().identifier("DEV9").serverHost("127.0.0.1")
                .serverPort(mqtt.port()).addDisconnectedListener(context -> dropped.countDown()).buildBlocking();
        device.connectWith().cleanSession(false).send();
        device.subscribeWith().topicFilter("orders/#").qos(MqttQos.AT_LEAST_ONCE).send();

        // The broker cuts every connection, as when the network to the queue manager breaks.
        broker.server().getRemotingService().getConnections()
                .forEach(connection -> connection.fail(new ActiveMQNotConnectedException("cut by the test")));
        assertThat(dropped.await(30, TimeUnit.SECONDS)).as("device disconnected by the bridge").isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains("TBR0062W"));
        assertThat(output.getAll()).contains("TBR0051E").contains("TBR0062W 1 MQTT clients disconnected");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(backend::available);
        assertThat(output.getAll()).contains("TBR0061I");
        assertThat(meters.get("bridge.backend.reconnects").functionCounter().count()).isEqualTo(1);
        assertThat(meters.get("bridge.mqtt.disconnects").tag("reason", "backend_lost").functionCounter().count())
                .isEqualTo(1);

        var ack = device.connectWith().cleanSession(false).send();
        assertThat(ack.isSessionPresent()).isTrue();
        try (var received = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            Mqtt3BlockingClient publisher = Mqtt3Client.builder().identifier("PUB1").serverHost("127.0.0.1")
                    .serverPort(mqtt.port()).buildBlocking();
            publisher.connect();
            publisher.publishWith().topic("orders/7").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("after restart".getBytes(StandardCharsets.UTF_8)).send();
            Mqtt3Publish publish = received.receive(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("after restart");
            publisher.disconnect();
        }
        device.disconnect();
    }
}
