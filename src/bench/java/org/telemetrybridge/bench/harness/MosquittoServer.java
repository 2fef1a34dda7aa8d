package org.telemetrybridge.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.telemetrybridge.bench.load.ServerKind;

/**
 * Debian's Mosquitto on a loopback listener. {@code set_tcp_nodelay} and an unlimited
 * {@code max_queued_messages} keep it from being slowed by Nagle or from dropping queued QoS 1
 * messages, so its figures are fair; no persistence, as nothing here needs it.
 */
final class MosquittoServer extends ServerProcess {

    static final String BINARY = "/usr/sbin/mosquitto";

    MosquittoServer() throws IOException {
        super("mosquitto", false);
    }

    @Override
    public ServerKind kind() {
        return ServerKind.MOSQUITTO;
    }

    @Override
    protected ProcessBuilder command() throws IOException {
        Path config = workDir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + mqttPort + " 127.0.0.1",
                "allow_anonymous true",
                "set_tcp_nodelay true",
                "max_queued_messages 0",
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
