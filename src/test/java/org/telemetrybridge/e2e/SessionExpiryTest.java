package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.SessionJanitor;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Persistent sessions whose clients stay away past bridge.session.expiry are removed with their
 * subscriptions and what waits on them; a client that comes back in time keeps its session.
 */
class SessionExpiryTest {

    @TempDir
    Path data;

    @Test
    void anAwaySessionPastItsExpiryIsRemovedAndAReturningOneKept() throws Exception {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of(
                "bridge.session.expiry", "2s",
                "bridge.session.expiry-by-client-id[KEEP*]", "0s",
                "bridge.session.janitor-interval", "500ms")).start();
             LogCapture log = new LogCapture()) {
            int port = bridge.mqttPort();
            for (String id : new String[] {"GONE1", "KEEP1"}) {
                try (RawMqttClient device = RawMqttClient.open(port)) {
                    device.connect(id, false, 0);
                    device.subscribe(1, "expiry/" + id, 1);
                    device.disconnect();
                }
            }
            try (RawMqttClient publisher = RawMqttClient.open(port)) {
                publisher.connect("EXPIRYPUB", true, 0);
                publisher.publish("expiry/GONE1", "waits".getBytes(StandardCharsets.UTF_8), 1, false, 1);
                publisher.expect(MqttMessageType.PUBACK);
            }
            SessionRegistry registry = bridge.bean(SessionRegistry.class);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> registry.find("GONE1") == null);
            assertThat(log.awaitMessage("TBR0247I", "'GONE1'")).contains("1 subscription(s) removed");
            assertThat(registry.find("KEEP1")).as("expiry 0 for KEEP*: kept for ever").isNotNull();
            assertThat(bridge.bean(SessionJanitor.class).expiredCount()).isEqualTo(1);

            try (RawMqttClient back = RawMqttClient.open(port)) {
                MqttConnAckMessage ack = (MqttConnAckMessage) back.connect("GONE1", false, 0);
                assertThat(ack.variableHeader().isSessionPresent()).isFalse();
                assertThat(back.poll(2, TimeUnit.SECONDS)).as("what waited went with the session").isNull();
            }
        }
    }

    @Test
    void theLongestMatchingPatternDecidesTheExpiry() {
        SessionJanitor janitor = new SessionJanitor(null, new SessionJanitor.Settings(Duration.ofDays(7), Map.of(
                "SENSOR*", Duration.ofDays(1), "SENSOR-CRITICAL-*", Duration.ZERO, "?AB", Duration.ofHours(1))));
        assertThat(janitor.expiryFor("SENSOR-7")).isEqualTo(Duration.ofDays(1));
        assertThat(janitor.expiryFor("SENSOR-CRITICAL-1")).isZero();
        assertThat(janitor.expiryFor("XAB")).isEqualTo(Duration.ofHours(1));
        assertThat(janitor.expiryFor("BOILER1")).isEqualTo(Duration.ofDays(7));
    }
}
