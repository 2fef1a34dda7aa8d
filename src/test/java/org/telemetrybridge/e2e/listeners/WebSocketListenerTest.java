package org.telemetrybridge.e2e.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telemetrybridge.support.RawPackets.bytes;
import static org.telemetrybridge.support.RawPackets.concat;
import static org.telemetrybridge.support.RawPackets.connect31;
import static org.telemetrybridge.support.RawPackets.connect311;
import static org.telemetrybridge.support.RawPackets.string;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.Mosquitto;
import org.telemetrybridge.support.RawWebSocketClient;
import org.telemetrybridge.support.TestCertificates;

/**
 * MQTT over WebSockets (MQTT 3.1.1 section 6) on a ws and a wss listener, beside the plain TCP one: the
 * same sessions and protocol handling whatever carries the packets; what is not an MQTT WebSocket
 * upgrade or not a binary frame is refused, logged, and bounded in time.
 */
class WebSocketListenerTest {

    /** CONNACK, connection accepted, no session present. */
    private static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};

    @TempDir
    static Path data;

    private static BridgeInstance bridge;
    private static TestCertificates certificates;

    @BeforeAll
    static void startBridge() throws Exception {
        certificates = TestCertificates.selfSignedServer(data);
        Map<String, Object> settings = new HashMap<>(certificates.sslBundle("web"));
        settings.putAll(Map.of(
                "bridge.listeners.ws.port", "0",
                "bridge.listeners.ws.host", "127.0.0.1",
                "bridge.listeners.ws.transport", "ws",
                "bridge.listeners.ws.allow-anonymous", "true",
                "bridge.listeners.wss.port", "0",
                "bridge.listeners.wss.host", "127.0.0.1",
                "bridge.listeners.wss.transport", "wss",
                "bridge.listeners.wss.ssl-bundle", "web",
                "bridge.listeners.wss.allow-anonymous", "true"));
        settings.put("bridge.mqtt.connect-timeout", "2s");
        settings.put("bridge.mqtt.max-packet-size", "64KB");
        settings.put("bridge.mqtt.packet-arrival-timeout", "3s");
        bridge = new BridgeInstance(data.resolve("bridge"), settings).start();
    }

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void hivemqOverWebSocketsAndMosquittoOverTcpReachEachOther() throws Exception {
        tradeWithTcpClient(Mqtt3Client.builder().serverPort(bridge.mqttPort("ws")), "ws");
    }

    @Test
    void hivemqOverSecureWebSocketsAndMosquittoOverTcpReachEachOther() throws Exception {
        tradeWithTcpClient(Mqtt3Client.builder().serverPort(bridge.mqttPort("wss"))
                .sslConfig().trustManagerFactory(certificates.trustManagerFactory()).applySslConfig(), "wss");
    }

    /** A publication from mosquitto_pub over TCP reaches the WebSocket client, and one from it reaches mosquitto_sub. */
    private static void tradeWithTcpClient(Mqtt3ClientBuilder builder, String name) throws Exception {
        Mqtt3BlockingClient client = builder.identifier(name + ".client").serverHost("127.0.0.1")
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
        client.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = client.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            client.subscribeWith().topicFilter("web/" + name + "/down").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(Mosquitto.pub(bridge.mqttPort(), "-t", "web/" + name + "/down", "-q", "1", "-m", "to the browser")
                    .exitCode()).isZero();
            Mqtt3Publish down = publishes.receive(20, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(down.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("to the browser");

            Process subscriber = Mosquitto.startSubscribed(bridge.mqttPort(), "-t", "web/" + name + "/up", "-C", "1",
                    "-W", "20");
            client.publishWith().topic("web/" + name + "/up").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("from the browser".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(Mosquitto.finishSubscribed(subscriber).stdout().strip()).isEqualTo("from the browser");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void anMqtt31ClientOnTheMqttv31SubprotocolMaySplitPacketsAcrossFrames() throws Exception {
        try (RawWebSocketClient client = RawWebSocketClient.open(bridge.mqttPort("ws"), "mqttv3.1")) {
            assertThat(client.subprotocol()).isEqualTo("mqttv3.1");
            byte[] connect = connect31(0x02, "old.device");
            // One binary message in two frames (binary, continuation), then the rest in a message of its
            // own: packets need not align with frames [MQTT-6.0.0-2].
            client.sendFrames(Arrays.copyOfRange(connect, 0, 1), Arrays.copyOfRange(connect, 1, 9));
            client.sendFrames(Arrays.copyOfRange(connect, 9, connect.length));
            assertThat(client.poll(10, TimeUnit.SECONDS)).isEqualTo(CONNACK_ACCEPTED);

            // PINGREQ and PINGRESP in MQTT; a WebSocket ping is answered with a pong.
            client.sendFrames(bytes(0xC0, 0x00));
            assertThat(client.poll(10, TimeUnit.SECONDS)).isEqualTo(bytes(0xD0, 0x00));
            client.sendPing();
            assertThat(client.awaitPong(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(bridge.bean(MqttServer.class).partialPacketBytes()).isZero();
    }

    @Test
    void aCloseFrameEndsTheConnectionAsADropDoesSoTheWillIsPublished() throws Exception {
        Process willWatcher = Mosquitto.startSubscribed(bridge.mqttPort(), "-t", "web/will/+", "-C", "1", "-v",
                "-W", "20");
        // DISCONNECT before the close frame: a clean end, no will [MQTT-3.14.4-3].
        try (RawWebSocketClient polite = RawWebSocketClient.open(bridge.mqttPort("ws"), "mqtt")) {
            polite.sendFrames(connectWithWill("polite", "web/will/polite"));
            assertThat(polite.poll(10, TimeUnit.SECONDS)).isEqualTo(CONNACK_ACCEPTED);
            polite.sendFrames(bytes(0xE0, 0x00));
            polite.sendCloseIfOpen();
        }
        // A close frame alone: the will is published, as when the network drops [MQTT-3.1.2-8].
        try (RawWebSocketClient abrupt = RawWebSocketClient.open(bridge.mqttPort("ws"), "mqtt")) {
            abrupt.sendFrames(connectWithWill("abrupt", "web/will/abrupt"));
            assertThat(abrupt.poll(10, TimeUnit.SECONDS)).isEqualTo(CONNACK_ACCEPTED);
            abrupt.sendClose();
            assertThat(abrupt.awaitCloseCode(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        assertThat(Mosquitto.finishSubscribed(willWatcher).stdout().strip()).isEqualTo("web/will/abrupt gone");
    }

    @Test
    void aTextFrameClosesTheConnectionWithCode1003() throws Exception {
        try (LogCapture log = new LogCapture();
             RawWebSocketClient client = RawWebSocketClient.open(bridge.mqttPort("ws"), "mqtt")) {
            client.sendFrames(connect31(0x02, "texter"));
            assertThat(client.poll(10, TimeUnit.SECONDS)).isEqualTo(CONNACK_ACCEPTED);
            client.sendText("hello");
            // MQTT Control Packets MUST be sent in WebSocket binary data frames [MQTT-6.0.0-1].
            assertThat(client.awaitCloseCode(10, TimeUnit.SECONDS)).isEqualTo(1003);
            log.awaitMessage("TBR0211W", "'texter'", "text frame");
        }
    }

    @Test
    void aFrameLargerThanTheMaximumPacketAndItsHeadroomClosesTheConnectionWithCode1009() throws Exception {
        try (LogCapture log = new LogCapture();
             Socket socket = upgraded(bridge.mqttPort("ws"))) {
            // Only the header of a masked binary frame of 200,000 bytes: refused before its body comes.
            socket.getOutputStream().write(bytes(0x82, 0xFF, 0, 0, 0, 0, 0, 0x03, 0x0D, 0x40, 1, 2, 3, 4));
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("close frame").isEqualTo(0x88);
            int length = in.read();
            byte[] status = in.readNBytes(2);
            assertThat(length).isGreaterThanOrEqualTo(2);
            assertThat(((status[0] & 0xFF) << 8) | (status[1] & 0xFF)).isEqualTo(1009);
            log.awaitMessage("TBR0212W", "131072");
        }
    }

    @Test
    void aFrameStillArrivingIsChargedToThePartialPacketBudgetAndMustArriveInTime() throws Exception {
        MqttServer server = bridge.bean(MqttServer.class);
        try (LogCapture log = new LogCapture();
             Socket socket = upgraded(bridge.mqttPort("ws"))) {
            // Connected first, so that the connect timeout is out of the way: a frame with a zero mask.
            OutputStream out = socket.getOutputStream();
            byte[] connect = connect311(0x02, "slow.frame");
            out.write(concat(bytes(0x82, 0x80 | connect.length, 0, 0, 0, 0), connect));
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(6)).isEqualTo(concat(bytes(0x82, 0x04), CONNACK_ACCEPTED));
            // The header of a masked binary frame of 50,000 bytes, then 10,000 of them, then silence.
            out.write(bytes(0x82, 0xFE, 0xC3, 0x50, 1, 2, 3, 4));
            out.write(new byte[10_000]);
            out.flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.partialPacketBytes() >= 10_000);
            // Closed after bridge.mqtt.packet-arrival-timeout (3 s), with close code 1008 (policy violation).
            assertThat(in.read()).as("close frame").isEqualTo(0x88);
            assertThat(in.read()).isGreaterThanOrEqualTo(2);
            byte[] status = in.readNBytes(2);
            assertThat(((status[0] & 0xFF) << 8) | (status[1] & 0xFF)).isEqualTo(1008);
            log.awaitMessage("TBR0102W", "10000 bytes of a WebSocket frame arrived");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.partialPacketBytes() == 0);
        }
    }

    @Test
    void requestsThatAreNotAnMqttWebSocketUpgradeGetAnHttpErrorAndALogLine() throws Exception {
        int port = bridge.mqttPort("ws");
        String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        try (LogCapture log = new LogCapture()) {
            assertThat(exchange(port, "GET /other HTTP/1.1\r\nHost: x\r\n" + upgrade
                    + "Sec-WebSocket-Protocol: mqtt\r\n\r\n")).startsWith("HTTP/1.1 404");
            log.awaitMessage("TBR0210W", "status 404", "/other");

            assertThat(exchange(port, "GET /mqtt HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 426")
                    .contains("upgrade: websocket");
            log.awaitMessage("TBR0210W", "status 426");

            // The client MUST include "mqtt" in the list of WebSocket Sub Protocols it offers [MQTT-6.0.0-3].
            assertThat(exchange(port, "GET /mqtt HTTP/1.1\r\nHost: x\r\n" + upgrade + "\r\n"))
                    .startsWith("HTTP/1.1 400");
            log.awaitMessage("TBR0210W", "status 400", "no WebSocket subprotocol offered");
            assertThat(exchange(port, "GET /mqtt HTTP/1.1\r\nHost: x\r\n" + upgrade
                    + "Sec-WebSocket-Protocol: chat, stomp\r\n\r\n")).startsWith("HTTP/1.1 400");
            log.awaitMessage("TBR0210W", "status 400", "'chat, stomp' offered");

            assertThat(exchange(port, "\u0010\u0001garbage that is no request line\r\n\r\n")).startsWith("HTTP/1.1 400");
            log.awaitMessage("TBR0210W", "status 400", "not an HTTP request");
        }
    }

    @Test
    void theUpgradeMustCompleteWithinTheConnectTimeout() throws Exception {
        try (LogCapture log = new LogCapture();
             Socket socket = new Socket("127.0.0.1", bridge.mqttPort("ws"))) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /mqtt HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            // Half a request and then silence: closed after bridge.mqtt.connect-timeout (2 s), not held open.
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            log.awaitMessage("TBR0015W", "no CONNECT within 2 s");
        }
    }

    @Test
    void aWebSocketPathMustStartWithASlash(@TempDir Path other) {
        assertThatThrownBy(() -> new BridgeInstance(other, Map.of(
                "bridge.listeners.bad.port", "0",
                "bridge.listeners.bad.transport", "ws",
                "bridge.listeners.bad.ws-path", "mqtt")).start())
                .hasStackTraceContaining("bridge.listeners.bad.ws-path");
    }

    /** A socket on which the WebSocket upgrade is done: what comes next is frames. */
    private static Socket upgraded(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        socket.getOutputStream().write(("GET /mqtt HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Protocol: mqtt\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder response = new StringBuilder();
        InputStream in = socket.getInputStream();
        while (!response.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            assertThat(next).as("end of the upgrade response").isNotNegative();
            response.append((char) next);
        }
        assertThat(response.toString()).startsWith("HTTP/1.1 101").contains("sec-websocket-protocol: mqtt");
        return socket;
    }

    /** Writes a request and reads the answer until the bridge closes the connection. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** An MQTT 3.1.1 CONNECT with clean session and a will (QoS 0, message "gone"). */
    private static byte[] connectWithWill(String clientId, String willTopic) {
        return connect311(0x06, clientId, string(willTopic), string("gone"));
    }
}
