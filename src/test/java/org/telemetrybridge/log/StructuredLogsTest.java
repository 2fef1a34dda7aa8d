package org.telemetrybridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.telemetrybridge.BridgeVersion;
import org.telemetrybridge.support.BridgeInstance;

/** Structured logs (ECS JSON) carry each bridge message's id as a field of its own. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    @TempDir
    Path data;

    /**
     * Spring Boot hands the structured format to Logback through system properties, which outlive the
     * context: without this, every later test in the JVM would log JSON.
     */
    @org.junit.jupiter.api.AfterEach
    void plainLogsAgain() {
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
        System.clearProperty("FILE_LOG_STRUCTURED_FORMAT");
    }

    @Test
    void ecsLinesCarryTheMessageIdAsAField(CapturedOutput output) {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of("logging.structured.format.console", "ecs"))
                .start()) {
            assertThat(bridge.mqttPort()).isPositive();
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("TBR0002I Telemetry Bridge started")))
                .singleElement().asString()
                .startsWith("{").contains("\"message_id\":\"TBR0002I\"").contains("\"level\":\"INFO\"")
                .contains("\"version\":\"" + BridgeVersion.version() + "\"");
        // A line that is not one of the bridge's messages has no such field.
        assertThat(output.getOut().lines().filter(line -> line.startsWith("{") && !line.contains("\"TBR")))
                .allSatisfy(line -> assertThat(line).doesNotContain("message_id"));
    }

    @Test
    void theIdIsTakenOnlyFromTheStartOfAMessage() {
        assertThat(MessageIdJsonMember.messageId("TBR0016I Client 'A' disconnected")).isEqualTo("TBR0016I");
        assertThat(MessageIdJsonMember.messageId("see TBR0016I")).isNull();
        assertThat(MessageIdJsonMember.messageId("TBR12345I too long")).isNull();
        assertThat(MessageIdJsonMember.messageId(null)).isNull();
    }
}
