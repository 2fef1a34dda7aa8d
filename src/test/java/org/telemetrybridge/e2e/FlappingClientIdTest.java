package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Two clients sharing one client id knock each other off [MQTT-3.1.4-2]; the bridge notices the
 * storm, names both addresses once, and with a hold-off keeps the id with the client connected.
 */
class FlappingClientIdTest {

    @TempDir
    Path data;

    @Test
    void aFlappingIdIsReportedOnceAndHeldWithTheConnectedClient() throws Exception {
        List<RawMqttClient> clients = new ArrayList<>();
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of("bridge.session.takeover-flapping-count", "3",
                "bridge.session.takeover-hold-off", "60s")).start();
             LogCapture log = new LogCapture()) {
            int port = bridge.mqttPort();
            for (int i = 0; i < 4; i++) {
                RawMqttClient client = RawMqttClient.open(port);
                clients.add(client);
                assertThat(connack(client).connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
                if (i > 0) {
                    assertThat(clients.get(i - 1).awaitClosed(10, TimeUnit.SECONDS)).as("taken over").isTrue();
                }
            }
            assertThat(log.awaitMessage("TBR0242W", "'TWIN'")).contains(clients.get(3).localAddress());
            assertThat(log.withId("TBR0242W")).hasSize(1);

            // Held off: the next connect is refused, the client connected now keeps the id.
            RawMqttClient late = RawMqttClient.open(port);
            clients.add(late);
            assertThat(connack(late).connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            log.awaitMessage("TBR0243W", "'TWIN'");
            assertThat(clients.get(3).isOpen()).isTrue();
            assertThat(bridge.bean(SessionRegistry.class).takeOvers().flappingIds()).isEqualTo(1);
        } finally {
            clients.forEach(RawMqttClient::close);
        }
    }

    private static io.netty.handler.codec.mqtt.MqttConnAckVariableHeader connack(RawMqttClient client) {
        return ((MqttConnAckMessage) client.connect("TWIN", true, 0)).variableHeader();
    }
}
