package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientIdRuleTest {

    private final ClientIdRule qmgrName = new ClientIdRule(ClientIdRule.Mode.QMGR_NAME, 48);
    private final ClientIdRule mqtt = new ClientIdRule(ClientIdRule.Mode.MQTT, 48);

    @Test
    void queueManagerNameCharactersAreAccepted() {
        assertThat(qmgrName.violation("DEV1", 4)).isNull();
        assertThat(qmgrName.violation("a.b/c_d%9", 3)).isNull();
    }

    @Test
    void otherCharactersAreNamedWithTheirPosition() {
        assertThat(qmgrName.violation("REXX pub client", 4))
                .isEqualTo("character space (U+0020) at position 5 is not allowed in a queue manager name"
                        + " (allowed: A-Z a-z 0-9 . / _ %)");
        assertThat(qmgrName.violation("dev-1", 4)).contains("'-' (U+002D) at position 4");
        assertThat(qmgrName.violation("ü", 4)).contains("'ü' (U+00FC) at position 1");
    }

    @Test
    void lengthLimitsDependOnTheProtocolLevel() {
        assertThat(qmgrName.violation("A".repeat(23), 3)).isNull();
        assertThat(qmgrName.violation("A".repeat(24), 3)).contains("24 characters").contains("1 to 23");
        assertThat(qmgrName.violation("A".repeat(48), 4)).isNull();
        assertThat(qmgrName.violation("A".repeat(49), 4)).contains("49 characters").contains("1 to 48");
        assertThat(new ClientIdRule(ClientIdRule.Mode.QMGR_NAME, 20).violation("A".repeat(21), 4))
                .contains("1 to 20");
    }

    @Test
    void mqttRuleAcceptsAnyIdButKeeps31sLimit() {
        assertThat(mqtt.violation("clean retained", 4)).isNull();
        assertThat(mqtt.violation("x".repeat(200), 4)).isNull();
        assertThat(mqtt.violation("x".repeat(24), 3)).contains("24 bytes");
        assertThat(ClientIdRule.queueManagerNameViolation("clean retained")).contains("space");
    }

    @Test
    void generatedIdsAreValidQueueManagerNamesUnderBothProtocols() {
        for (int i = 0; i < 1000; i++) {
            String id = ClientIdGenerator.generate();
            assertThat(qmgrName.violation(id, 3)).as(id).isNull();
        }
    }
}
