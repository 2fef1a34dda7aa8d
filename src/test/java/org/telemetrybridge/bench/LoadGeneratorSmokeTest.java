package org.telemetrybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.ServerKind;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Figure;
import org.telemetrybridge.bench.scenario.FanIn;
import org.telemetrybridge.mqtt.MqttServer;

/**
 * A few seconds of the load generator against a bridge started here on ephemeral ports: the
 * benchmark tool keeps working as the bridge changes. It checks that messages flow and none is lost,
 * never how fast: performance is measured by the benchmark (docs/performance.md), not by tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class LoadGeneratorSmokeTest {

    @DynamicPropertySource
    static void bridgeOnEphemeralPorts(DynamicPropertyRegistry registry) throws IOException {
        registry.add("bridge.mqtt.host", () -> "127.0.0.1");
        registry.add("bridge.mqtt.port", () -> 0);
        registry.add("bridge.embedded.jms-port", () -> -1);
        String dataDir = Files.createTempDirectory("bench-smoke-").toString();
        registry.add("bridge.embedded.data-dir", () -> dataDir);
    }

    @Autowired
    MqttServer mqttServer;

    @Test
    void fanInDeliversEveryQos1MessageToTheWildcardSubscriber() throws Exception {
        LoadOptions options = new LoadOptions();
        options.qos = 1;
        options.publishers = 3;
        options.warmupSeconds = 1;
        options.durationSeconds = 2;
        options.drainSeconds = 10;
        options.window = 100;
        options.validate();
        Target bridge = new Target(ServerKind.BRIDGE, "127.0.0.1", mqttServer.port(), -1, OptionalLong.empty());

        Map<Figure, Double> figures = new FanIn().run(bridge, options);

        assertThat(figures.get(Figure.DELIVERED_PER_SECOND)).isPositive();
        assertThat(figures.get(Figure.LOST)).isZero();
        assertThat(figures.get(Figure.DUPLICATED)).isZero();
    }

    @Test
    void fanInAtMqtt5DeliversEveryQos1MessageToTheWildcardSubscriber() throws Exception {
        LoadOptions options = new LoadOptions();
        options.qos = 1;
        options.publishers = 3;
        options.warmupSeconds = 1;
        options.durationSeconds = 2;
        options.drainSeconds = 10;
        options.window = 100;
        options.mqttVersion = "5";
        options.validate();
        Target bridge = new Target(ServerKind.BRIDGE, "127.0.0.1", mqttServer.port(), -1, OptionalLong.empty());

        Map<Figure, Double> figures = new FanIn().run(bridge, options);

        assertThat(figures.get(Figure.DELIVERED_PER_SECOND)).isPositive();
        assertThat(figures.get(Figure.LOST)).isZero();
        assertThat(figures.get(Figure.DUPLICATED)).isZero();
    }

    @Test
    void loadGeneratorRefusesHostsOutsideLoopback() {
        assertThatThrownBy(() -> new Target(ServerKind.BRIDGE, "192.168.1.10", 1883, -1, OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.0.0.0/8");
    }
}
