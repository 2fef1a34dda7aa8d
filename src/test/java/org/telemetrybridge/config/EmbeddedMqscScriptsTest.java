package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.log.CapturedLog;
import org.telemetrybridge.mqsc.MqscReader;
import org.telemetrybridge.mqsc.MqscScript;
import org.telemetrybridge.mqsc.MqscScripts;

class EmbeddedMqscScriptsTest {

    @Test
    void withoutADirectoryTheScriptsShippedInTheJarAreTheProjectsMqscScripts() throws IOException {
        MqscScripts shipped = EmbeddedMqscScripts.load(null);

        assertThat(shipped.scripts()).isEqualTo(MqscReader.readDirectory(Path.of("mqsc")));
        assertThat(shipped.scripts()).extracting(MqscScript::file).startsWith("10-transmit-queue.mqsc")
                .doesNotContain("remove-telemetry-bridge.mqsc");
    }

    @Test
    void aDirectoryReplacesTheShippedScriptsInNameOrder(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("20-second.mqsc"), "DEFINE QLOCAL('B') REPLACE\n");
        Files.writeString(directory.resolve("10-first.mqsc"), "DEFINE QLOCAL('A') REPLACE\n");
        Files.writeString(directory.resolve("notes.txt"), "not a script");

        MqscScripts scripts = EmbeddedMqscScripts.load(directory);

        assertThat(scripts.source()).isEqualTo(directory.toAbsolutePath().toString());
        assertThat(scripts.scripts()).extracting(MqscScript::file).containsExactly("10-first.mqsc", "20-second.mqsc");
    }

    @Test
    void aDirectoryThatIsNotThereStopsTheStartWithAMessageId(@TempDir Path parent) {
        Path missing = parent.resolve("missing");
        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> EmbeddedMqscScripts.load(missing)).isInstanceOf(IllegalStateException.class);

            assertThat(log.withId("TBR0075E")).containsExactly("TBR0075E The MQSC scripts in " + missing.toAbsolutePath()
                    + " (bridge.embedded.mqsc-dir) cannot be read: it is not a directory");
        }
    }
}
