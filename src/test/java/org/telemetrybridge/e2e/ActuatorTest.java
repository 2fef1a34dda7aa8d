package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;

/** Health probes and Prometheus metrics on actuator. */
class ActuatorTest {

    @TempDir
    Path data;

    @Test
    void readinessIncludesTheMqttListenerAndMetricsCountTraffic() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + bridge.httpPort() + "/actuator";

            HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(URI.create(base + "/health/readiness"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"mqtt\"").contains("\"UP\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/liveness")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "METRIC1");
            device.publishWith().topic("m/t").payload("x".getBytes()).qos(MqttQos.AT_LEAST_ONCE).send();

            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("bridge_mqtt_connections 1.0");
            assertThat(metrics).containsPattern("bridge_mqtt_publications_received_total 1\\.0");
            assertThat(metrics).contains("bridge_transmit_deadlettered_total");
            device.disconnect();
        }
    }
}
