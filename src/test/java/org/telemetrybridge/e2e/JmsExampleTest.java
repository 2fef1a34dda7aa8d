package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Mosquitto;

/**
 * The shipped JMS example (examples/jms/DeviceChat.java), compiled from its source and run against a
 * bridge as a user would: it sends to a device, and prints what devices publish.
 */
@ExtendWith(OutputCaptureExtension.class)
class JmsExampleTest {

    @TempDir
    Path data;

    @TempDir
    Path classes;

    @Test
    void theExampleSendsToADeviceAndPrintsWhatDevicesPublish(CapturedOutput output) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int compiled = compiler.run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), Path.of("examples/jms/DeviceChat.java").toString());
        assertThat(compiled).as("examples/jms/DeviceChat.java compiles").isZero();

        try (BridgeInstance bridge = BridgeInstance.started(data);
             URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                     getClass().getClassLoader())) {
            int port = bridge.mqttPort();
            Process device = Mosquitto.startSubscribed(port, "-i", "EXAMPLE.DEV", "-c", "-q", "1", "-t", "cmd/#",
                    "-v", "-C", "1", "-W", "30");
            Method main = loader.loadClass("DeviceChat").getMethod("main", String[].class);
            CompletableFuture<Void> example = CompletableFuture.runAsync(() -> {
                try {
                    main.invoke(null, (Object) new String[] {bridge.jmsUrl(), "example/sensors/#", "EXAMPLE.DEV",
                            "cmd/hello", "hi device", "20"});
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(Mosquitto.finishSubscribed(device).stdout().strip()).isEqualTo("cmd/hello hi device");

            // The example's consumer is up once it has sent; a device publication is printed with its topic.
            Awaitility.await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(Mosquitto.pub(port, "-t", "example/sensors/boiler", "-m", "71.5").exitCode()).isZero();
                assertThat(output.getOut()).contains("example/sensors/boiler 71.5");
            });
            example.get(40, TimeUnit.SECONDS);
        }
    }
}
