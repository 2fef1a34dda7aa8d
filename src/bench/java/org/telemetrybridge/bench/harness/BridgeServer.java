package org.telemetrybridge.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.telemetrybridge.bench.load.ServerKind;

/**
 * The bridge, from its runnable jar, with its embedded backend and JMS acceptor on loopback ports.
 * Its heap is sized as the Artemis distribution sizes its own (-Xms512M, -Xmx from --server-heap).
 */
final class BridgeServer extends ServerProcess {

    private final Path jar;
    private final String heap;

    private final List<String> jvmOptions;
    private final int httpPort = Ports.free();

    BridgeServer(Path jar, String heap, BenchTls tls, List<String> jvmOptions) throws IOException {
        super(ServerKind.BRIDGE, tls);
        this.jvmOptions = jvmOptions;
        this.jar = jar;
        this.heap = heap;
    }

    /** The JMS acceptor's password, given to the bridge in its environment rather than on its command line. */
    private final String jmsPassword = java.util.UUID.randomUUID().toString();

    @Override
    protected String jmsUser() {
        return "bench";
    }

    @Override
    protected String jmsPassword() {
        return jmsPassword;
    }

    /** Actuator on loopback: read by scenarios that report the bridge's own gauges. */
    @Override
    protected String metricsUrl() {
        return "http://127.0.0.1:" + httpPort + "/actuator/prometheus";
    }

    @Override
    protected ProcessBuilder command() {
        List<String> command = new ArrayList<>(List.of(javaHome().resolve("bin/java").toString(), "-Xms512m", "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--bridge.mqtt.host=127.0.0.1",
                "--bridge.mqtt.port=" + mqttPort,
                "--bridge.embedded.jms-port=" + jmsPort,
                "--bridge.embedded.data-dir=" + workDir.resolve("data"),
                "--server.address=127.0.0.1",
                "--bridge.embedded.jms-user=" + jmsUser(),
                "--server.port=" + httpPort));
        if (tls != null) {
            // The default listener, on the same port, becomes a TLS one.
            command.addAll(List.of(
                    "--bridge.listeners.default.transport=tls",
                    "--bridge.listeners.default.ssl-bundle=bench",
                    "--spring.ssl.bundle.pem.bench.keystore.certificate=" + tls.certificateFile(),
                    "--spring.ssl.bundle.pem.bench.keystore.private-key=" + tls.keyFile()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("BRIDGE_EMBEDDED_JMS_PASSWORD", jmsPassword);
        return builder;
    }
}
