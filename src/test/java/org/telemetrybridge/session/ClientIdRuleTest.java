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

    @Test
    void aDerivedNameIsAValidQueueManagerNameTheSameEveryTime() {
        ClientIdRule derived = new ClientIdRule(ClientIdRule.Mode.DERIVED, 48);
        for (String id : new String[] {"550e8400-e29b-41d4-a716-446655440000", "a b", "x".repeat(65_535),
                "caf\u00e9/\ud83d\ude00", "dev:1", "-"}) {
            String name = derived.queueManagerName(id);
            assertThat(ClientIdRule.queueManagerNameViolation(name)).as(id).isNull();
            assertThat(name.length()).isLessThanOrEqualTo(48);
            assertThat(ClientIdRule.derive(id)).isEqualTo(name);
            assertThat(derived.violation(id, 4)).as("accepted under 3.1.1").isNull();
        }
        assertThat(ClientIdRule.derive("550e8400-e29b-41d4-a716-446655440000"))
                .startsWith("550e8400_e29b_41d4_a716_44665544000.").hasSize(48);
        // Ids alike in their first 35 characters still get different names.
        String prefix = "p-".repeat(20);
        assertThat(ClientIdRule.derive(prefix + "1")).isNotEqualTo(ClientIdRule.derive(prefix + "2"));
    }

    @Test
    void anIdThatIsAQueueManagerNameIsItsOwnNameUnderEveryRule() {
        for (ClientIdRule.Mode mode : ClientIdRule.Mode.values()) {
            assertThat(new ClientIdRule(mode, 48).queueManagerName("BOILER1")).isEqualTo("BOILER1");
        }
        assertThat(new ClientIdRule(ClientIdRule.Mode.MQTT, 48).queueManagerName("a-b")).isNull();
    }
}
