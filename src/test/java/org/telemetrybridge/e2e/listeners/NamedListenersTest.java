package org.telemetrybridge.e2e.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.Mosquitto;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Several listeners at once, each like an MQ Telemetry channel: the default plain one from
 * bridge.mqtt.port beside named ones, each with its own address, port and connection limit, all
 * reaching the same sessions.
 */
@ExtendWith(OutputCaptureExtension.class)
class NamedListenersTest {

    @TempDir
    Path data;

    @Test
    void aPublicationOnOneListenerReachesASubscriberOnAnother() throws Exception {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of(
                     "bridge.listeners.local.port", "0",
                     "bridge.listeners.local.host", "127.0.0.1",
                     "bridge.listeners.local.allow-anonymous", "true",
                     "bridge.listeners.local.max-connections", "1")).start()) {
            int plain = bridge.mqttPort();
            int local = bridge.mqttPort("local");
            assertThat(local).isNotEqualTo(plain);
            assertThat(bridge.bean(MqttServer.class).listeners()).extracting(l -> l.name())
                    .containsExactly("default", "local");

            Process subscriber = Mosquitto.startSubscribed(local, "-t", "listeners/a", "-C", "1", "-W", "20");
            assertThat(Mosquitto.pub(plain, "-t", "listeners/a", "-m", "across").exitCode()).isZero();
            assertThat(Mosquitto.finishSubscribed(subscriber).stdout().strip()).isEqualTo("across");
        }
    }

    @Test
    void eachListenerCountsItsOwnConnections() throws Exception {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of(
                     "bridge.listeners.small.port", "0",
                     "bridge.listeners.small.allow-anonymous", "true",
                     "bridge.listeners.small.max-connections", "1")).start();
             LogCapture log = new LogCapture();
             RawMqttClient first = RawMqttClient.open(bridge.mqttPort("small"));
             RawMqttClient onDefault = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(connack(first, "first").variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            try (RawMqttClient second = RawMqttClient.open(bridge.mqttPort("small"))) {
                log.awaitMessage("TBR0100W", "listener small");
                assertThat(second.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            }
            // The default listener has a limit of its own.
            assertThat(connack(onDefault, "other").variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    void theDefaultListenerCanBeTurnedOffAndANamedListenerNeedsAPort() {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of(
                "bridge.listeners.default.enabled", "false",
                "bridge.listeners.only.port", "0",
                "bridge.listeners.only.allow-anonymous", "true")).start()) {
            assertThat(bridge.bean(MqttServer.class).listeners()).extracting(l -> l.name()).containsExactly("only");
        }
        assertThatThrownBy(() -> new BridgeInstance(data, Map.of("bridge.listeners.noport.transport", "tcp")).start())
                .hasStackTraceContaining("bridge.listeners.noport.port");
    }

    @Test
    void eachListenerSaysWhetherItLetsAnonymousClientsIn(CapturedOutput output) {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of("bridge.listeners.closed.port", "0")).start()) {
            assertThat(output.getOut()).containsPattern("TBR0130W MQTT listener 'closed' refuses anonymous clients")
                    .containsPattern("TBR0133I MQTT \\(tcp\\) listener bound to \\S+: listener 'closed', clients must"
                            + " authenticate")
                    .containsPattern("TBR0133I MQTT \\(tcp\\) listener bound to \\S+: listener 'default', anonymous"
                            + " clients allowed");
            try (RawMqttClient anonymous = RawMqttClient.open(bridge.mqttPort("closed"))) {
                assertThat(connack(anonymous, "nobody").variableHeader().connectReturnCode())
                        .isNotEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            }
        }
    }

    private static MqttConnAckMessage connack(RawMqttClient client, String clientId) {
        return (MqttConnAckMessage) client.connect(clientId, true, 0);
    }
}
