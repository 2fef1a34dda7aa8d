package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.telemetrybridge.TelemetryBridgeApplication;

/**
 * A port the bridge needs and cannot bind stops the start with one line that names it, instead of a half-started bridge.
 * The console output is read: a starting application resets the logging system, and with it any appender
 * a test attached before.
 */
@ExtendWith(OutputCaptureExtension.class)
class PortTakenTest {

    @TempDir
    Path data;

    private void start(String mqttPort, String jmsPort, String httpPort) {
        new SpringApplicationBuilder(TelemetryBridgeApplication.class).run(
                "--bridge.mqtt.host=127.0.0.1", "--bridge.mqtt.port=" + mqttPort,
                "--bridge.embedded.jms-port=" + jmsPort, "--bridge.embedded.data-dir=" + data,
                "--server.address=127.0.0.1", "--server.port=" + httpPort, "--spring.main.banner-mode=off").close();
    }

    private static ServerSocket held() throws Exception {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void aTakenEmbeddedJmsPortStopsTheStart(CapturedOutput output) throws Exception {
        try (ServerSocket taken = held()) {
            assertThatThrownBy(() -> start("0", String.valueOf(taken.getLocalPort()), "0"))
                    .hasStackTraceContaining("bridge.embedded.jms-port");
            assertThat(output.getOut().lines().filter(line -> line.contains("TBR0125E")))
                    .singleElement().asString().contains(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void aTakenMqttPortStopsTheStart(CapturedOutput output) throws Exception {
        try (ServerSocket taken = held()) {
            assertThatThrownBy(() -> start(String.valueOf(taken.getLocalPort()), "0", "0"));
            assertThat(output.getOut().lines().filter(line -> line.contains("TBR0004E")))
                    .singleElement().asString().contains(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void aTakenHttpPortStopsTheStart(CapturedOutput output) throws Exception {
        try (ServerSocket taken = held()) {
            assertThatThrownBy(() -> start("0", "0", String.valueOf(taken.getLocalPort())));
            assertThat(output.getOut().lines().filter(line -> line.contains("TBR0126E")))
                    .singleElement().asString().contains(String.valueOf(taken.getLocalPort()));
        }
    }
}
