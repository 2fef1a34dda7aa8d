package org.telemetrybridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * MQTT.js's browser bundle ({@code dist/mqtt.min.js} of the npm package {@code mqtt}), fetched with
 * {@code npm pack} once per build into {@code target/mqttjs} and unpacked with tar.
 */
public final class MqttJsBundle {

    /** The MQTT.js version the browser test runs. */
    public static final String VERSION = "5.16.0";

    private static final Path DIRECTORY = Path.of("target", "mqttjs");

    private MqttJsBundle() {
    }

    public static boolean npmInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/npm"));
    }

    /** The path of mqtt.min.js, fetched on first use. */
    public static synchronized Path minifiedScript() throws IOException, InterruptedException {
        Path script = DIRECTORY.resolve("package/dist/mqtt.min.js");
        if (Files.isRegularFile(script)) {
            return script;
        }
        Files.createDirectories(DIRECTORY);
        run(List.of("npm", "pack", "mqtt@" + VERSION, "--pack-destination", DIRECTORY.toString()));
        run(List.of("tar", "-xzf", DIRECTORY.resolve("mqtt-" + VERSION + ".tgz").toString(), "-C", DIRECTORY.toString(),
                "package/dist/mqtt.min.js"));
        return script;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("mqttjs", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
