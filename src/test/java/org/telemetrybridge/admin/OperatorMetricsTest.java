package org.telemetrybridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import jakarta.jms.BytesMessage;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.mqtt.DisconnectReason;
import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.RawMqttClient;

/**
 * The metrics an operator asks for (issue 16, item 5), read from a running bridge's /actuator/prometheus
 * after real traffic: messages by direction and QoS, bytes, connects by listener and protocol, each
 * disconnect reason caused once, sessions by state, dead letters by reason; and the connections still
 * open counted as closed by the server's shutdown.
 */
class OperatorMetricsTest {

    @TempDir
    Path data;

    @Test
    void trafficAndEveryKindOfDisconnectShowInPrometheus() throws Exception {
        BridgeInstance bridge = BridgeInstance.started(data);
        MqttServer mqtt = bridge.bean(MqttServer.class);
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            int port = bridge.mqttPort();
            Mqtt3BlockingClient subscriber = Devices.connected(port, "WATCHER");
            subscriber.subscribeWith().topicFilter("m/#").qos(MqttQos.EXACTLY_ONCE).send();
            try (var received = subscriber.publishes(MqttGlobalPublishFilter.SUBSCRIBED);
                 RawMqttClient publisher = RawMqttClient.open(port)) {
                publisher.connect("PUBLISHER", true, 0);
                publisher.publish("m/0", "zero".getBytes(StandardCharsets.UTF_8), 0, false, 0);
                publisher.publish("m/1", "one".getBytes(StandardCharsets.UTF_8), 1, false, 1);
                publisher.expect(MqttMessageType.PUBACK);
                publisher.publish("m/2", "two".getBytes(StandardCharsets.UTF_8), 2, false, 2);
                publisher.expect(MqttMessageType.PUBREC);
                publisher.ack(MqttMessageType.PUBREL, 2);
                publisher.expect(MqttMessageType.PUBCOMP);
                List<Mqtt3Publish> three = List.of(received.receive(10, TimeUnit.SECONDS).orElseThrow(),
                        received.receive(10, TimeUnit.SECONDS).orElseThrow(),
                        received.receive(10, TimeUnit.SECONDS).orElseThrow());
                assertThat(three).extracting(p -> p.getQos().getCode()).containsExactlyInAnyOrder(0, 1, 2);
                publisher.disconnect();
                assertThat(publisher.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            }

            RawMqttClient dropper = RawMqttClient.open(port);
            dropper.connect("DROPPER", false, 0);
            dropper.drop();
            RawMqttClient sleepy = RawMqttClient.open(port);
            sleepy.connect("SLEEPY", true, 1);
            assertThat(sleepy.awaitClosed(10, TimeUnit.SECONDS)).as("keep-alive 1 s: closed after 1.5 s").isTrue();
            RawMqttClient twin = RawMqttClient.open(port);
            twin.connect("TWIN", true, 0);
            RawMqttClient otherTwin = RawMqttClient.open(port);
            otherTwin.connect("TWIN", true, 0);
            assertThat(twin.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            RawMqttClient rude = RawMqttClient.open(port);
            rude.connect("RUDE", true, 0);
            rude.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false,
                    0))); // only a server sends PINGRESP
            assertThat(rude.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            RawMqttClient kicked = RawMqttClient.open(port);
            kicked.connect("KICKED", true, 0);
            assertThat(bridge.bean(ClientsEndpoint.class).act("KICKED", "disconnect", false, null).done()).isTrue();
            assertThat(kicked.awaitClosed(10, TimeUnit.SECONDS)).isTrue();

            Session session = jms.session();
            MessageProducer producer = session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"));
            BytesMessage lost = session.createBytesMessage();
            lost.writeBytes("for nobody".getBytes(StandardCharsets.UTF_8));
            lost.setStringProperty("RemoteQMgrName", "NOBODY");
            lost.setStringProperty("RemoteQName", "cmd/x");
            producer.send(lost);

            String url = "http://127.0.0.1:" + bridge.httpPort() + "/actuator/prometheus";
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    value(scrape(url), "bridge_transmit_deadlettered_total", "reason=\"unknown_client\"") == 1
                            && value(scrape(url), "bridge_mqtt_disconnects_total", "reason=\"connection_lost\"") == 1);
            String metrics = scrape(url);
            for (int qos = 0; qos <= 2; qos++) {
                assertThat(value(metrics, "bridge_mqtt_messages_total", "direction=\"in\"", "qos=\"" + qos + "\""))
                        .as("in at QoS " + qos).isEqualTo(1);
                assertThat(value(metrics, "bridge_mqtt_messages_total", "direction=\"out\"", "qos=\"" + qos + "\""))
                        .as("out at QoS " + qos).isEqualTo(1);
            }
            assertThat(value(metrics, "bridge_mqtt_bytes_total", "direction=\"in\"")).as("three payloads and more")
                    .isGreaterThan(100);
            assertThat(value(metrics, "bridge_mqtt_bytes_total", "direction=\"out\"")).isGreaterThan(20);
            assertThat(value(metrics, "bridge_mqtt_connects_total", "listener=\"default\"", "protocol=\"4\""))
                    .as("WATCHER, PUBLISHER, DROPPER, SLEEPY, TWIN twice, RUDE, KICKED").isEqualTo(8);
            assertThat(value(metrics, "bridge_mqtt_connects_total", "listener=\"default\"", "protocol=\"3\"")).isZero();
            for (String reason : List.of("client_disconnect", "connection_lost", "keep_alive_timeout", "taken_over",
                    "protocol_error", "operator")) {
                assertThat(value(metrics, "bridge_mqtt_disconnects_total", "reason=\"" + reason + "\"")).as(reason)
                        .isEqualTo(1);
            }
            assertThat(value(metrics, "bridge_mqtt_disconnects_total", "reason=\"server_shutdown\"")).isZero();
            assertThat(value(metrics, "bridge_session_states", "state=\"connected\"")).as("WATCHER, TWIN").isEqualTo(2);
            assertThat(value(metrics, "bridge_session_states", "state=\"away\"")).as("DROPPER").isEqualTo(1);
            assertThat(value(metrics, "bridge_backend_reconnects_total")).isZero();
            assertThat(value(metrics, "bridge_messages_dropped_total", "reason=\"client_queue_full\"")).isZero();
            otherTwin.close();
        } finally {
            bridge.close();
        }
        assertThat(mqtt.traffic().disconnects(DisconnectReason.SERVER_SHUTDOWN))
                .as("WATCHER, still connected when the bridge stopped").isEqualTo(1);
    }

    private static String scrape(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    /** The value of the one sample of a metric with all the given labels; fails if there is none. */
    static double value(String exposition, String name, String... labels) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one sample of " + name + " with " + Arrays.toString(labels));
                })
                .orElseThrow(() -> new AssertionError("no sample of " + name + " with " + Arrays.toString(labels)));
    }
}
