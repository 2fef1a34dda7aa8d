package org.telemetrybridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

/**
 * The bridge as a separate operating-system process, for tests that must kill it abruptly
 * ({@code kill -9}): started with the test's own Java and classpath, ports read from its log.
 */
public final class BridgeProcess implements AutoCloseable {

    private static final Pattern MQTT_PORT = Pattern.compile("TBR0133I MQTT \\(tcp\\) listener bound to \\S*:(\\d+): listener 'default'");
    private static final Pattern JMS_PORT = Pattern.compile("TBR0005I .*JMS acceptor tcp://[^:]+:(\\d+)");

    private final Path dataDir;
    private final Path log;
    private final int requestedMqttPort;
    private Process process;
    private int mqttPort;
    private int jmsPort;

    public BridgeProcess(Path dataDir) {
        this(dataDir, 0);
    }

    /** @param mqttPort a fixed MQTT port, so that clients reconnect to the restarted bridge by themselves; 0 picks one */
    public BridgeProcess(Path dataDir, int mqttPort) {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.requestedMqttPort = mqttPort;
    }

    /** A free port on loopback, for {@link #BridgeProcess(Path, int)}. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public BridgeProcess start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Dio.netty.noUnsafe=false", "-Xmx512m",
                "-cp", classpath, "org.telemetrybridge.TelemetryBridgeApplication",
                "--bridge.mqtt.port=" + requestedMqttPort, "--bridge.embedded.jms-port=0", "--server.port=0",
                "--bridge.embedded.data-dir=" + dataDir));
        Files.deleteIfExists(log);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bridge process exited:\n" + Files.readString(log));
            }
            String text = Files.readString(log);
            Matcher mqtt = MQTT_PORT.matcher(text);
            Matcher jms = JMS_PORT.matcher(text);
            if (text.contains("TBR0002I") && mqtt.find() && jms.find()) {
                mqttPort = Integer.parseInt(mqtt.group(1));
                jmsPort = Integer.parseInt(jms.group(1));
                return true;
            }
            return false;
        });
        return this;
    }

    /** Kills the process at once, as a crash or {@code kill -9} would: nothing is closed cleanly. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public int mqttPort() {
        return mqttPort;
    }

    public String jmsUrl() {
        return "tcp://127.0.0.1:" + jmsPort;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
