package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.mqtt.MqttServer;

/**
 * The bridge with {@code bridge.backend=ibmmq} and no queue manager listening: it starts anyway,
 * says once why it cannot connect (host, channel, MQ reason code), keeps retrying, is alive but not
 * ready, and refuses MQTT clients with "server unavailable".
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IbmMqUnreachableTest {

    private static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("bridge.backend", () -> "ibmmq");
        registry.add("ibm.mq.queue-manager", () -> "QM1");
        registry.add("ibm.mq.conn-name", () -> "127.0.0.1(" + CLOSED_PORT + ")");
        registry.add("ibm.mq.channel", () -> "DEV.APP.SVRCONN");
        registry.add("bridge.mqtt.port", () -> "0");
        registry.add("bridge.jms.reconnect-initial-interval", () -> "50ms");
        registry.add("bridge.jms.reconnect-max-interval", () -> "200ms");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    MqttServer mqtt;

    @Autowired
    JmsBackend backend;

    @Test
    void startsWithoutQueueManagerAndSaysOnceWhyWhileRetrying(CapturedOutput output) throws Exception {
        // Retries every 50-200 ms: four attempts come within a second; a minute is the deadline.
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> backend.failedAttempts() >= 4);

        assertThat(backend.available()).isFalse();
        Matcher unreachable = Pattern.compile("TBR0060E Backend IBM MQ queue manager QM1 at 127\\.0\\.0\\.1\\("
                + CLOSED_PORT + "\\) channel DEV\\.APP\\.SVRCONN is not reachable: 2538 MQRC_HOST_NOT_AVAILABLE")
                .matcher(output.getAll());
        assertThat(unreachable.find()).as("TBR0060E naming host, channel and reason").isTrue();
        assertThat(unreachable.find()).as("a second TBR0060E for the same reason").isFalse();
        assertThat(output.getAll()).doesNotContain("\tat com.ibm");
    }

    @Test
    void isAliveButNotReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> liveness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/liveness")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"backend\"").contains("DOWN").contains("2538");
        assertThat(liveness.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesMqttClientsWithServerUnavailable() {
        var client = Mqtt3Client.builder().identifier("DEV1").serverHost("127.0.0.1").serverPort(mqtt.port())
                .buildBlocking();

        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
