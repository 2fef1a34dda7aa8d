package org.telemetrybridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code java -jar telemetry-bridge.jar -V / --version}, offered by --help, print the version instead of starting. */
@ExtendWith(OutputCaptureExtension.class)
class VersionCommandTest {

    @Test
    void versionOptionsAreCommandsNotServiceOptions(CapturedOutput output) {
        assertThat(BridgeCommands.isCommand(new String[] {"--version"})).isTrue();
        assertThat(BridgeCommands.isCommand(new String[] {"-V"})).isTrue();
        assertThat(BridgeCommands.run(new String[] {"--version"})).isZero();
        assertThat(output.getOut()).contains("Telemetry Bridge " + BridgeVersion.version());
        // The build writes the version: a run from the build's classes knows it.
        assertThat(BridgeVersion.version()).isNotEqualTo("unknown").matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void helpOffersTheVersionOption(CapturedOutput output) {
        assertThat(BridgeCommands.run(new String[] {"--help"})).isZero();
        assertThat(output.getOut()).contains("--version");
    }
}
