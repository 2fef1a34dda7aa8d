package org.telemetrybridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Every metric the shipped Grafana dashboard and the alert rules query exists in a running bridge's
 * /actuator/prometheus: a renamed meter breaks this test rather than a dashboard in production.
 */
class DashboardMetricsTest {

    private static final Path CHART = Path.of("helm/telemetry-bridge");
    private static final Pattern METRIC = Pattern.compile("\\b((?:bridge|process|jvm)_[a-z_]+)");

    @TempDir
    Path data;

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExposed() throws Exception {
        Set<String> queried = new TreeSet<>();
        JsonNode dashboard = JsonMapper.builder().build()
                .readTree(Files.readString(CHART.resolve("dashboards/telemetry-bridge.json")));
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                metrics(target.get("expr").asString(), queried);
            }
        }
        metrics(Files.readString(CHART.resolve("templates/prometheusrule.yaml")).lines()
                .filter(line -> line.strip().startsWith("expr:")).reduce("", String::concat), queried);
        assertThat(queried).as("the dashboard queries the bridge's own metrics").hasSizeGreaterThan(15);

        try (BridgeInstance bridge = new BridgeInstance(data, java.util.Map.of(
                "bridge.listeners.closed.port", "0")).start()) {
            // Meters with tags per refusal reason appear with their first refusal.
            try (RawMqttClient anonymous = RawMqttClient.open(bridge.mqttPort("closed"))) {
                assertThat(((MqttConnAckMessage) anonymous.connect("ANON", true, 0)).variableHeader()
                        .connectReturnCode()).isNotEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            }
            String exposed;
            try (HttpClient http = HttpClient.newHttpClient()) {
                exposed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.httpPort()
                        + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            Set<String> names = new TreeSet<>();
            exposed.lines().filter(line -> !line.startsWith("#"))
                    .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
            assertThat(names).containsAll(queried);
        }
    }

    private static void metrics(String expression, Set<String> into) {
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }
}
