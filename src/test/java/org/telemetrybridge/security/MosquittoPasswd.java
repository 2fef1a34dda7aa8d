package org.telemetrybridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Debian's mosquitto_passwd, run for real: password files exactly as Mosquitto's own tool writes them. */
public final class MosquittoPasswd {

    private static final String PROGRAM = "/usr/bin/mosquitto_passwd";

    private MosquittoPasswd() {
    }

    /** Skips the test where the tool is not installed (package mosquitto). */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(new File(PROGRAM).canExecute(), "mosquitto_passwd is not installed (apt-get install mosquitto)");
    }

    /**
     * Adds or changes a user in batch mode.
     *
     * @param hash null for the tool's default ($7$, PBKDF2-SHA512), or "sha512" ($6$)
     */
    public static void set(Path file, String user, String password, String hash) {
        assumeInstalled();
        List<String> command = new ArrayList<>(List.of(PROGRAM));
        if (hash != null) {
            command.addAll(List.of("-H", hash));
        }
        if (!file.toFile().exists()) {
            command.add("-c");
        }
        command.addAll(List.of("-b", file.toString(), user, password));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_passwd finished").isTrue();
            assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
