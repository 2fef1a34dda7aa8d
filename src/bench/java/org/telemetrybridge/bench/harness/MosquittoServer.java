package org.telemetrybridge.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.telemetrybridge.bench.load.ServerKind;

/**
 * Debian's Mosquitto on a loopback listener. {@code set_tcp_nodelay} and an unlimited
 * {@code max_queued_messages} keep it from being slowed by Nagle or from dropping queued QoS 1
 * messages, so its figures are fair; no persistence, as nothing here needs it. For QoS 2 runs
 * {@code max_inflight_messages 0} too: Mosquitto 2.0.11 drops an MQTT 3.1.1 publisher that has more
 * QoS 2 messages in flight than that limit (default 20), and the MQTT 3 client has no way to know it.
 */
final class MosquittoServer extends ServerProcess {

    static final String BINARY = "/usr/sbin/mosquitto";

    private final boolean unlimitedInflight;

    MosquittoServer(boolean unlimitedInflight, BenchTls tls) throws IOException {
        super(ServerKind.MOSQUITTO, tls);
        this.unlimitedInflight = unlimitedInflight;
    }

    @Override
    protected ProcessBuilder command() throws IOException {
        Path config = workDir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + mqttPort + " 127.0.0.1",
                "allow_anonymous true",
                "set_tcp_nodelay true",
                "max_queued_messages 0",
                unlimitedInflight ? "max_inflight_messages 0" : "",
                tls == null ? "" : "cafile " + tls.caFile() + "\ncertfile " + tls.certificateFile() + "\nkeyfile "
                        + tls.keyFile(),
                "persistence false",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                ""));
        // Mosquitto drops root privileges to its own user: it must be able to read its configuration.
        workDir.toFile().setReadable(true, false);
        workDir.toFile().setExecutable(true, false);
        config.toFile().setReadable(true, false);
        return new ProcessBuilder(BINARY, "-c", config.toString()).directory(workDir.toFile());
    }
}
