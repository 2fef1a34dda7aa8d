package org.telemetrybridge.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

/** Debian's mosquitto_pub and mosquitto_sub, run as separate processes: a second, independent MQTT client. */
public final class Mosquitto {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static final Map<Process, Path> SUBSCRIBER_OUTPUT = new ConcurrentHashMap<>();

    private Mosquitto() {
    }

    public static boolean installed() {
        return new java.io.File("/usr/bin/mosquitto_pub").canExecute();
    }

    /** Runs mosquitto_pub against the bridge and waits for it to finish. */
    public static Result pub(int port, String... args) {
        return run("mosquitto_pub", port, args);
    }

    /** Runs mosquitto_sub against the bridge until it exits (use -C count and -W timeout). */
    public static Result sub(int port, String... args) {
        return run("mosquitto_sub", port, args);
    }

    /** Starts mosquitto_sub in the background; read its output after it exits. */
    public static Process startSub(int port, String... args) throws IOException {
        return command("mosquitto_sub", port, args).start();
    }

    /**
     * Starts mosquitto_sub in the background and returns once it has its SUBACK (its -d debug
     * output says so), within 20 s; {@link #finishSubscribed} reads its output without those lines.
     */
    public static Process startSubscribed(int port, String... args) throws IOException {
        List<String> withDebug = new ArrayList<>(List.of(args));
        withDebug.add("-d");
        Path output = Files.createTempFile("mosquitto_sub", ".out");
        output.toFile().deleteOnExit();
        ProcessBuilder builder = command("mosquitto_sub", port, withDebug.toArray(String[]::new));
        // Line-buffered: to a file, stdio would hold the SUBACK line until the process exits.
        builder.command().addAll(0, List.of("stdbuf", "-oL"));
        Process process = builder.redirectOutput(output.toFile()).start();
        SUBSCRIBER_OUTPUT.put(process, output);
        Awaitility.await("mosquitto_sub " + String.join(" ", args) + " subscribed").atMost(Duration.ofSeconds(20))
                .until(() -> Files.readString(output).contains("received SUBACK") || !process.isAlive());
        return process;
    }

    /** Waits for a subscriber from {@link #startSubscribed} to exit; stdout without the debug lines. */
    public static Result finishSubscribed(Process process) throws InterruptedException, IOException {
        Result result = finish(process);
        Path output = SUBSCRIBER_OUTPUT.remove(process);
        String stdout = Files.readAllLines(output).stream()
                .filter(line -> !line.startsWith("Client ") && !line.startsWith("Subscribed (mid"))
                .map(line -> line + "\n").collect(Collectors.joining());
        Files.deleteIfExists(output);
        return new Result(result.exitCode(), stdout, result.stderr());
    }

    public static Result finish(Process process) throws InterruptedException, IOException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroy();
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Result run(String program, int port, String... args) {
        try {
            return finish(command(program, port, args).start());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(program + " failed to run: " + e, e);
        }
    }

    private static ProcessBuilder command(String program, int port, String... args) {
        List<String> command = new ArrayList<>(List.of(program, "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
