package org.telemetrybridge.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.telemetrybridge.bench.load.ServerKind;
import org.telemetrybridge.bench.load.Target;

/**
 * A server the harness started as a process of its own, so its CPU time and memory can be read
 * from /proc. Each one works in a fresh directory /tmp/bench-NAME-*, logs there, and is ended by
 * the harness (SIGTERM, then SIGKILL) through its own Process handle, never by name.
 */
public abstract class ServerProcess implements AutoCloseable {

    /** How long a server may take to start listening. */
    static final long START_SECONDS = 180;

    private final ServerKind kind;
    /** Set for a TLS comparison: the server's MQTT listener is TLS with these files. */
    protected final BenchTls tls;
    protected final Path workDir;
    protected final int mqttPort = Ports.free();
    protected final int jmsPort;
    private Process process;

    protected ServerProcess(ServerKind kind, BenchTls tls) throws IOException {
        this.kind = kind;
        this.tls = tls;
        this.workDir = Files.createTempDirectory(Path.of("/tmp"), "bench-" + kind.label() + "-");
        this.jmsPort = kind.hasJms() ? Ports.free() : -1;
    }

    public final ServerKind kind() {
        return kind;
    }

    /** Where the server keeps its messages; removed when it has stopped (the log stays). */
    protected Path dataDir() {
        return workDir.resolve("data");
    }

    /** The command that runs the server in the foreground. */
    protected abstract ProcessBuilder command() throws IOException, InterruptedException;

    public final void start() throws IOException, InterruptedException {
        ProcessBuilder builder = command();
        builder.redirectErrorStream(true).redirectOutput(log().toFile());
        process = builder.start();
        ShutdownGuard.register(this);
        Ports.awaitListening(mqttPort, process, START_SECONDS);
        if (jmsPort > 0) {
            Ports.awaitListening(jmsPort, process, START_SECONDS);
        }
    }

    public final Target target() {
        return new Target(kind(), "127.0.0.1", mqttPort, jmsPort, OptionalLong.of(process.pid()), jmsUser(),
                jmsPassword(), tls == null ? null : tls.clientTrust(), metricsUrl());
    }

    /** Where the server's Prometheus metrics are; null where the harness does not read them. */
    protected String metricsUrl() {
        return null;
    }

    /** The user JMS clients connect with; null where the server takes anonymous connections. */
    protected String jmsUser() {
        return null;
    }

    protected String jmsPassword() {
        return null;
    }

    public final long pid() {
        return process.pid();
    }

    public final Path log() {
        return workDir.resolve("server.log");
    }

    @Override
    public final void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        ShutdownGuard.unregister(this);
        deleteTree(dataDir());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not remove " + dir + ": " + e);
        }
    }

    /** The JDK this harness runs on; the JVM servers are started with the same one. */
    static Path javaHome() {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        return java.getParent().getParent();
    }
}
