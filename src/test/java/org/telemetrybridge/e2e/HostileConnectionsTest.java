package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrybridge.support.RawPackets.concat;
import static org.telemetrybridge.support.RawPackets.connect311;
import static org.telemetrybridge.support.RawPackets.fixedHeader;
import static org.telemetrybridge.support.RawPackets.string;
import static org.telemetrybridge.support.RawPackets.u16;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Thousands of hostile connections against the limits, with small limits so the test is quick:
 * silent ones (no CONNECT), half-sent ones (a large packet declared and only partly sent, before and
 * after CONNECT) and idle ones (keep-alive 0). Over max-connections they are closed as they arrive;
 * what half-sent packets hold stays within the partial-packet budget; the timeouts reap the rest;
 * and a normal client is served throughout and after.
 */
class HostileConnectionsTest {

    private static final int HOSTILE = 2_000;
    private static final int MAX_CONNECTIONS = 800;
    private static final long BUDGET = 4L * 1024 * 1024;
    /** Sent of each half-sent packet: 600 such connections would hold 120 MB without the budget. */
    private static final int HALF_SENT_BYTES = 200 * 1024;

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data, Map.of(
                "bridge.mqtt.max-connections", MAX_CONNECTIONS,
                "bridge.mqtt.max-partial-packet-memory", BUDGET + "B",
                "bridge.mqtt.max-packet-size", "1MB",
                "bridge.mqtt.connect-timeout", "5s",
                "bridge.mqtt.packet-arrival-timeout", "5s",
                "bridge.mqtt.max-keep-alive", "4s"));
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    @Test
    void silentHalfSentAndIdleConnectionsCostOnlyTheirSendersAndNormalClientsAreServed() throws Exception {
        MqttServer server = bridge.bean(MqttServer.class);
        long directBefore = usedDirectMemory();
        List<Socket> hostile = new ArrayList<>();
        try (RawMqttClient normal = RawMqttClient.open(bridge.mqttPort())) {
            normal.connect("NORMAL", true, 3);
            normal.subscribe(1, "normal/echo", 1);
            assertServed(normal, 1);

            byte[] silent = new byte[0];
            byte[] halfConnect = concat(fixedHeader(0x10, 300_000), string("MQTT"), new byte[] {4, 2}, u16(60),
                    u16(65_535), new byte[HALF_SENT_BYTES]);
            byte[] idle = connect311(0x02, "");
            byte[] halfPublish = concat(connect311(0x02, ""), fixedHeader(0x30, 1_000_000), string("t"),
                    new byte[HALF_SENT_BYTES]);
            byte[][] kinds = {silent, halfConnect, idle, halfPublish};
            for (int i = 0; i < HOSTILE; i++) {
                hostile.add(open(kinds[i % kinds.length]));
            }
            assertServed(normal, 2);

            assertThat(server.connectionsOverLimit()).as("connections closed on arrival").isGreaterThan(0);
            assertThat(server.partialPacketRefusals()).as("connections closed for the budget").isGreaterThan(0);
            assertThat(server.partialPacketBytesPeak()).isLessThanOrEqualTo(BUDGET);
            // 1,000 half-sent packets of 200 KB would pin 200 MB; with the budget the growth stays near it.
            assertThat(usedDirectMemory() - directBefore).as("direct memory grown by")
                    .isLessThan(BUDGET + 32L * 1024 * 1024);

            // The timeouts (connect, packet arrival, keep-alive) reap every hostile connection.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                normal.send(MqttMessage.PINGREQ);
                return server.openConnections() == 1;
            });
            assertThat(server.partialPacketBytes()).isZero();
            assertServed(normal, 3);
        } finally {
            for (Socket socket : hostile) {
                socket.close();
            }
        }
        try (RawMqttClient late = RawMqttClient.open(bridge.mqttPort())) {
            late.connect("LATE", true, 3);
        }
    }

    /** The normal client publishes at QoS 1 and gets its PUBACK and its own message back. */
    private static void assertServed(RawMqttClient client, int packetId) {
        client.publish("normal/echo", new byte[] {(byte) packetId}, 1, false, packetId);
        boolean acked = false;
        boolean echoed = false;
        while (!acked || !echoed) {
            MqttMessage message = client.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(message).as("PUBACK and echo of publication " + packetId).isNotNull();
            MqttMessageType type = message.fixedHeader().messageType();
            acked |= type == MqttMessageType.PUBACK;
            if (type == MqttMessageType.PUBLISH) {
                echoed = true;
                int id = ((io.netty.handler.codec.mqtt.MqttPublishMessage) message).variableHeader().packetId();
                client.ack(MqttMessageType.PUBACK, id);
            }
        }
    }

    private Socket open(byte[] firstBytes) throws IOException {
        Socket socket = new Socket("127.0.0.1", bridge.mqttPort());
        try {
            OutputStream out = socket.getOutputStream();
            out.write(firstBytes);
            out.flush();
        } catch (IOException closedByTheBridge) {
            // Over a limit: the bridge may close while the bytes are still being written.
        }
        return socket;
    }

    private static long usedDirectMemory() {
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }
}
