package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/** bridge.mqtt.max-connections, bridge.mqtt.max-keep-alive, and readiness that shows a full bridge. */
class ConnectionLimitsTest {

    private static final int MAX_CONNECTIONS = 200;

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    LogCapture log;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data, Map.of(
                "bridge.mqtt.max-connections", MAX_CONNECTIONS,
                "bridge.mqtt.max-keep-alive", "2s",
                "bridge.mqtt.connect-timeout", "60s"));
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    @BeforeEach
    void captureLog() {
        log = new LogCapture();
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    @Test
    void connectionsBeyondTheMaximumAreClosedAtOnceAndReadinessIsOutOfServiceWhileFull() throws Exception {
        MqttServer server = bridge.bean(MqttServer.class);
        long refusedBefore = server.connectionsOverLimit();
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                silent.add(new Socket("127.0.0.1", bridge.mqttPort()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.openConnections() == MAX_CONNECTIONS);
            assertThat(status("/actuator/health/readiness")).isEqualTo(503);
            assertThat(status("/actuator/health/liveness")).isEqualTo(200);

            try (Socket over = new Socket("127.0.0.1", bridge.mqttPort())) {
                over.setSoTimeout(5_000);
                assertThat(readUntilClosed(over)).as("closed by the bridge at once").isTrue();
            }
            assertThat(server.connectionsOverLimit()).isGreaterThan(refusedBefore);
            log.awaitMessage("TBR0100W", String.valueOf(MAX_CONNECTIONS));
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status("/actuator/health/readiness") == 200);
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect("AFTERFULL", true, 1);
        }
    }

    @Test
    void keepAliveZeroIsHeldToTheMaximum() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect("KA0", true, 0);
            // 1.5 x the 2 s maximum, and some margin: without a maximum it would stay open for ever.
            assertThat(client.awaitClosed(15, TimeUnit.SECONDS)).isTrue();
        }
        log.awaitMessage("TBR0020W", "'KA0'", "keep-alive of 2 s");
    }

    @Test
    void keepAliveAboveTheMaximumIsHeldToTheMaximum() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect("KA600", true, 600);
            assertThat(client.awaitClosed(15, TimeUnit.SECONDS)).isTrue();
        }
        log.awaitMessage("TBR0020W", "'KA600'", "keep-alive of 2 s");
    }

    @Test
    void keepAliveWithinTheMaximumIsTheClientsOwn() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect("KA1", true, 1);
            assertThat(client.awaitClosed(15, TimeUnit.SECONDS)).isTrue();
        }
        log.awaitMessage("TBR0020W", "'KA1'", "keep-alive of 1 s");
    }

    private int status(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bridge.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** Reads until the peer closes; false if the read timed out first. */
    static boolean readUntilClosed(Socket socket) {
        try {
            while (socket.getInputStream().read() >= 0) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
