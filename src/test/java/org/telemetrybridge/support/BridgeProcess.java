package org.telemetrybridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import org.telemetrybridge.backend.embedded.JmsCredentials;

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
    /** Settings given on the command line over the defaults (another backend, active/standby...). */
    private final Map<String, String> settings;
    private Process process;
    private int mqttPort;
    private int jmsPort;

    public BridgeProcess(Path dataDir) {
        this(dataDir, 0);
    }

    /** @param mqttPort a fixed MQTT port, so that clients reconnect to the restarted bridge by themselves; 0 picks one */
    public BridgeProcess(Path dataDir, int mqttPort) {
        this(dataDir, mqttPort, Map.of());
    }

    /** @param settings bridge settings ({@code bridge.ha.mode}, ...) that replace or add to the defaults */
    public BridgeProcess(Path dataDir, int mqttPort, Map<String, String> settings) {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.requestedMqttPort = mqttPort;
        this.settings = Map.copyOf(settings);
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
                "-cp", classpath, "org.telemetrybridge.TelemetryBridgeApplication"));
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("bridge.mqtt.port", String.valueOf(requestedMqttPort));
        arguments.put("bridge.embedded.jms-port", "0");
        arguments.put("server.port", "0");
        arguments.put("bridge.embedded.data-dir", dataDir.toString());
        arguments.putAll(settings);
        arguments.forEach((key, value) -> command.add("--" + key + "=" + value));
        // Only the embedded stand-in has a JMS acceptor of its own to wait for.
        boolean ownBroker = !settings.containsKey("bridge.backend");
        Files.deleteIfExists(log);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bridge process exited:\n" + Files.readString(log));
            }
            String text = Files.readString(log);
            Matcher mqtt = MQTT_PORT.matcher(text);
            Matcher jms = JMS_PORT.matcher(text);
            if (text.contains("TBR0002I") && mqtt.find() && (!ownBroker || jms.find())) {
                mqttPort = Integer.parseInt(mqtt.group(1));
                jmsPort = ownBroker ? Integer.parseInt(jms.group(1)) : -1;
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

    /**
     * Freezes the process ({@code kill -STOP}) or lets it go on ({@code kill -CONT}): a bridge whose host
     * or network has stopped answering, with its sockets still open.
     */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** A setting given to the constructor, or null. */
    public String setting(String key) {
        return settings.get(key);
    }

    /** What the process has logged so far. */
    public String logText() throws IOException {
        return Files.readString(log);
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** The JMS acceptor's URL with the credentials the bridge generated in its data directory. */
    public String jmsUrl() throws IOException {
        java.util.Properties credentials = new java.util.Properties();
        try (java.io.Reader reader = Files.newBufferedReader(dataDir.resolve(JmsCredentials.FILE_NAME))) {
            credentials.load(reader);
        }
        return "tcp://127.0.0.1:" + jmsPort + "?user=" + credentials.getProperty("user") + "&password="
                + credentials.getProperty("password");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
