package org.telemetrybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code java -jar bridge.jar mqsc lint FILE…}, run as the jar runs it. */
@ExtendWith(OutputCaptureExtension.class)
class MqscLintCommandTest {

    @Test
    void mqscLintIsAnAdministratorCommand() {
        assertThat(BridgeCommands.isCommand(new String[] {"mqsc", "lint", "x.mqsc"})).isTrue();
    }

    @Test
    void theShippedScriptsLintClean(CapturedOutput output) {
        int exit = BridgeCommands.run(new String[] {"mqsc", "lint", "mqsc", "mqsc/remove/remove-telemetry-bridge.mqsc"});

        assertThat(exit).isZero();
        assertThat(output.getOut()).contains("7 scripts, ").endsWith(": 0 errors, 0 warnings" + System.lineSeparator());
    }

    @Test
    void problemsArePrintedWithFileAndLineAndErrorsGiveExitCodeOne(@TempDir Path directory, CapturedOutput output)
            throws IOException {
        Path script = Files.writeString(directory.resolve("bad.mqsc"), """
                * a queue with a typo in an attribute
                DEFINE QLOCAL('A') MAXDEPHT(5) REPLACE
                * a misspelt command, continued
                DEFNE QLOCAL('B') +
                      REPLACE
                """);

        int exit = BridgeCommands.run(new String[] {"mqsc", "lint", script.toString()});

        assertThat(exit).isEqualTo(1);
        assertThat(output.getOut().lines()).containsExactly(
                script + ":2: warning: MAXDEPHT is not an attribute of DEFINE QLOCAL known to this reader; check its"
                        + " spelling against the MQSC reference",
                script + ":4: error: 'DEFNE' is not an MQSC command; commands begin with DEFINE, ALTER, SET, DELETE,"
                        + " START, STOP, REFRESH, DISPLAY ...",
                "1 scripts, 1 commands: 1 errors, 1 warnings");
    }

    @Test
    void warningsAloneDoNotFailAndAMissingFileDoes(@TempDir Path directory, CapturedOutput output) throws IOException {
        Path warned = Files.writeString(directory.resolve("warned.mqsc"), "DEFINE QLOCAL('A')\n");
        assertThat(BridgeCommands.run(new String[] {"mqsc", "lint", warned.toString()})).isZero();

        Path missing = directory.resolve("missing.mqsc");
        assertThat(BridgeCommands.run(new String[] {"mqsc", "lint", missing.toString()})).isEqualTo(1);
        assertThat(output.getOut()).contains(missing + ": error: cannot be read: java.nio.file.NoSuchFileException");
    }
}
