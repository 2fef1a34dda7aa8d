package org.telemetrybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code java -jar telemetry-bridge.jar doctor ...}, run as an administrator would. */
@ExtendWith(OutputCaptureExtension.class)
class DoctorCommandTest {

    @Test
    void doctorIsACommandOfTheJar() {
        assertThat(BridgeCommands.isCommand(new String[] {"doctor"})).isTrue();
        assertThat(BridgeCommands.isCommand(new String[] {"--server.port=0"})).isFalse();
    }

    @Test
    void doctorReadsIbmMqSettingsFromTheCommandLineAndSaysWhyItCannotCheck(CapturedOutput output) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        int status = BridgeCommands.run(new String[] {"doctor", "--ibm.mq.queue-manager=QMX",
                "--ibm.mq.conn-name=127.0.0.1(" + closed + ")", "--ibm.mq.channel=TB.SVRCONN", "--ibm.mq.user=bridge"});

        assertThat(status).isEqualTo(2);
        assertThat(output.getOut())
                .contains("Checking IBM MQ queue manager QMX at 127.0.0.1(" + closed + ") channel TB.SVRCONN as user 'bridge'")
                .contains("CANNOT CHECK")
                .contains("2538 MQRC_HOST_NOT_AVAILABLE");
    }

    @Test
    void doctorHelpListsTheExitStatus() {
        java.io.StringWriter text = new java.io.StringWriter();
        picocli.CommandLine doctor = new picocli.CommandLine(new org.telemetrybridge.admin.DoctorCommand());
        doctor.setOut(new java.io.PrintWriter(text));
        doctor.execute("--help");
        assertThat(text.toString()).contains("Exit status: 0 all checks passed, 1 a check failed");
    }

    @Test
    void aMisspeltSettingIsNamedInsteadOfCheckingWithDefaults(CapturedOutput output) {
        int status = BridgeCommands.run(new String[] {"doctor", "--ibm.mq.queue-manger=QMX"});

        assertThat(status).isEqualTo(2);
        assertThat(output.getOut()).contains("did you mean 'ibm.mq.queue-manager'?").contains("CANNOT CHECK");
    }
}
