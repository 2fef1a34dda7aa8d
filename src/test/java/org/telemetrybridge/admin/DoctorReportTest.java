package org.telemetrybridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Finding;
import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Report;

class DoctorReportTest {

    @Test
    void failedChecksEndWithAnMqscScriptToApply() {
        Report report = new Report(8, List.of(
                new Finding("TBR0067E", "DEFXMITQ is not set", "ALTER QMGR DEFXMITQ('SYSTEM.MQTT.TRANSMIT.QUEUE')"),
                new Finding("TBR0069E", "user 'app' may not PUB", "SET AUTHREC PROFILE('SYSTEM.BASE.TOPIC')"
                        + " OBJTYPE(TOPIC) PRINCIPAL('app') AUTHADD(PUB)")), List.of());
        StringWriter text = new StringWriter();

        DoctorCommand.print(new PrintWriter(text, true), "QM1", report);

        assertThat(text.toString()).contains("FAIL  TBR0067E  DEFXMITQ is not set")
                .contains("6 of 8 checks passed")
                .endsWith("* MQSC to apply with: runmqsc QM1" + System.lineSeparator()
                        + "ALTER QMGR DEFXMITQ('SYSTEM.MQTT.TRANSMIT.QUEUE')" + System.lineSeparator()
                        + "SET AUTHREC PROFILE('SYSTEM.BASE.TOPIC') OBJTYPE(TOPIC) PRINCIPAL('app') AUTHADD(PUB)"
                        + System.lineSeparator());
    }

    @Test
    void passingReportSaysSo() {
        StringWriter text = new StringWriter();
        DoctorCommand.print(new PrintWriter(text, true), "QM1", new Report(8, List.of(), List.of()));
        assertThat(text.toString()).isEqualTo("OK    8 of 8 checks passed" + System.lineSeparator());
    }

    @Test
    void warningsSayWarn() {
        StringWriter text = new StringWriter();
        DoctorCommand.print(new PrintWriter(text, true), "QM1", new Report(9, List.of(new Finding("TBR0322W",
                "the MQ Telemetry service SYSTEM.MQXR.SERVICE is running", "STOP SERVICE(SYSTEM.MQXR.SERVICE)")),
                List.of()));
        assertThat(text.toString()).startsWith("WARN  TBR0322W  the MQ Telemetry service SYSTEM.MQXR.SERVICE is running");
    }
}
