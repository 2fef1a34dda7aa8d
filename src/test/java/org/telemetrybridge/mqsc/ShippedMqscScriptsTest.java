package org.telemetrybridge.mqsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every script shipped in mqsc/ reads without a problem, so a typo there fails the build. */
class ShippedMqscScriptsTest {

    private static final Path MQSC = Path.of("mqsc");
    private static final Path REMOVAL = MQSC.resolve("remove/remove-telemetry-bridge.mqsc");
    /** The queues MQ Telemetry uses too, deleted only by their own script. */
    private static final Path SHARED_REMOVAL = MQSC.resolve("remove/remove-mq-telemetry-queues.mqsc");

    @Test
    void everyShippedScriptReadsWithoutErrorsOrWarnings() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(MQSC)) {
            files = walk.filter(path -> path.toString().endsWith(".mqsc")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            MqscScript script = MqscReader.read(file);
            assertThat(script.problems()).as(file.toString()).isEmpty();
            assertThat(script.commands()).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void theAppliedScriptsSetUpTheTransmitQueueAsTheDefaultTransmissionQueue() throws IOException {
        List<MqscCommand> commands = applied();

        assertThat(commands).anySatisfy(command -> {
            assertThat(command.kind()).isEqualTo("DEFINE QLOCAL");
            assertThat(command.name()).isEqualTo("SYSTEM.MQTT.TRANSMIT.QUEUE");
            assertThat(command.value("USAGE")).contains("XMITQ");
            assertThat(command.value("MAXDEPTH")).contains("100000");
        });
        assertThat(commands).anySatisfy(command -> {
            assertThat(command.kind()).isEqualTo("ALTER QMGR");
            assertThat(command.value("DEFXMITQ")).contains("SYSTEM.MQTT.TRANSMIT.QUEUE");
        });
        // NOREPLACE: applied at every container start, the scripts must not reset an administrator's tuning.
        assertThat(commands).filteredOn(command -> command.verb().equals("DEFINE"))
                .allSatisfy(command -> assertThat(command.has("NOREPLACE")).as(command.location().toString()).isTrue())
                .noneSatisfy(command -> assertThat(command.has("REPLACE")).isTrue());
        assertThat(commands).anySatisfy(command -> {
            assertThat(command.kind()).isEqualTo("ALTER QLOCAL");
            assertThat(command.name()).isEqualTo("SYSTEM.MQTT.TRANSMIT.QUEUE");
            assertThat(command.value("USAGE")).contains("XMITQ");
        });
        assertThat(commands).filteredOn(command -> command.kind().equals("SET CHLAUTH"))
                .allSatisfy(command -> assertThat(command.value("ACTION")).contains("REPLACE"));
    }

    @Test
    void theBridgeChannelTakesOnlyTlsWithAClientCertificateAndRunsAsAFixedUser() throws IOException {
        List<MqscCommand> channel = MqscReader.read(MQSC.resolve("30-bridge-channel.mqsc")).commands();

        assertThat(channel).filteredOn(command -> command.kind().equals("DEFINE CHANNEL")).singleElement()
                .satisfies(define -> {
                    assertThat(define.name()).isEqualTo("TBRIDGE.SVRCONN");
                    assertThat(define.value("SSLCIPH")).contains("ANY_TLS13_OR_HIGHER");
                    assertThat(define.value("SSLCAUTH")).contains("REQUIRED");
                    assertThat(define.value("MCAUSER")).as("no identity unless a rule gives one").contains("nobody");
                });
        assertThat(channel).filteredOn(command -> command.kind().equals("SET CHLAUTH")
                && !command.value("TYPE").orElseThrow().equals("BLOCKUSER")).singleElement().satisfies(rule -> {
                    assertThat(rule.value("TYPE")).contains("SSLPEERMAP");
                    assertThat(rule.value("USERSRC")).as("not whatever CONNAUTH adopts").contains("MAP");
                    assertThat(rule.value("MCAUSER")).contains("app");
                });
    }

    @Test
    void theLabChannelIsPlainButKeepsTheFixedUser() throws IOException {
        MqscScript lab = MqscReader.read(MQSC.resolve("lab/30-bridge-channel-lab.mqsc"));

        assertThat(lab.problems()).isEmpty();
        assertThat(lab.commands()).filteredOn(command -> command.kind().equals("DEFINE CHANNEL")).singleElement()
                .satisfies(define -> {
                    assertThat(define.value("SSLCIPH").orElseThrow()).isBlank();
                    // docker-compose applies it at every start: an administrator's tuning stays.
                    assertThat(define.has("NOREPLACE")).isTrue();
                    assertThat(define.has("REPLACE")).isFalse();
                });
        assertThat(lab.commands()).filteredOn(command -> command.kind().equals("ALTER CHANNEL")).singleElement()
                .satisfies(alter -> assertThat(alter.value("SSLCIPH").orElseThrow()).as("a TLS channel made plain")
                        .isBlank());
        assertThat(lab.commands()).anySatisfy(rule -> {
            assertThat(rule.value("TYPE")).contains("ADDRESSMAP");
            assertThat(rule.value("USERSRC")).contains("MAP");
            assertThat(rule.value("MCAUSER")).contains("app");
            assertThat(rule.value("CHCKCLNT")).contains("REQUIRED");
        });
    }

    @Test
    void theRemovalScriptUndoesEveryObjectRuleAndAuthorityTheScriptsSetUp() throws IOException {
        List<MqscCommand> removal = new java.util.ArrayList<>(MqscReader.read(REMOVAL).commands());
        removal.addAll(MqscReader.read(SHARED_REMOVAL).commands());

        for (MqscCommand command : applied()) {
            switch (command.kind()) {
                case "DEFINE QLOCAL", "DEFINE CHANNEL", "ALTER CHANNEL" -> assertThat(removal).as("removes %s", command.location())
                        .anyMatch(undo -> undo.verb().equals("DELETE") && undo.objectType().equals(command.objectType())
                                && undo.name().equals(command.name()));
                case "SET CHLAUTH" -> assertThat(removal).as("removes %s", command.location())
                        .anyMatch(undo -> undo.kind().equals("SET CHLAUTH") && undo.name().equals(command.name())
                                && undo.value("TYPE").equals(command.value("TYPE"))
                                && undo.value("ACTION").filter(Set.of("REMOVE", "REMOVEALL")::contains).isPresent());
                case "SET AUTHREC" -> assertAuthoritiesRemoved(command, removal);
                case "ALTER QLOCAL" -> assertThat(removal).as("removes %s", command.location())
                        .anyMatch(undo -> undo.kind().equals("DELETE QLOCAL") && undo.name().equals(command.name()));
                case "ALTER QMGR" -> assertThat(removal).as("resets %s", command.location())
                        .anyMatch(undo -> undo.kind().equals("ALTER QMGR") && undo.value("DEFXMITQ").isPresent());
                default -> throw new AssertionError("no removal check for " + command.kind() + " at " + command.location());
            }
        }
    }

    /** A record the bridge owns goes whole; on shared objects each added authority is removed. */
    private static void assertAuthoritiesRemoved(MqscCommand command, List<MqscCommand> removal) {
        // CONNECT and INQ on the queue manager are shared with the MQ container's developer defaults;
        // the removal script says why it leaves them.
        Set<String> kept = command.value("OBJTYPE").orElseThrow().equals("QMGR") ? Set.of("CONNECT", "INQ") : Set.of();
        for (String authority : command.values("AUTHADD")) {
            if (kept.contains(authority)) {
                continue;
            }
            assertThat(removal).as("removes %s from %s", authority, command.location()).anyMatch(undo ->
                    undo.objectType().equals("AUTHREC")
                            && undo.value("PROFILE").equals(command.value("PROFILE"))
                            && undo.value("OBJTYPE").equals(command.value("OBJTYPE"))
                            && undo.value("PRINCIPAL").equals(command.value("PRINCIPAL"))
                            && undo.value("GROUP").equals(command.value("GROUP"))
                            && (undo.verb().equals("DELETE") || undo.values("AUTHRMV").contains(authority)));
        }
    }

    private static List<MqscCommand> applied() throws IOException {
        List<MqscScript> scripts = MqscReader.readDirectory(MQSC);
        assertThat(scripts).extracting(MqscScript::file).doesNotContain(REMOVAL.getFileName().toString());
        return scripts.stream().flatMap(script -> script.commands().stream()).toList();
    }

    /** Removing the bridge leaves MQ Telemetry's queues and DEFXMITQ alone; their own script deletes them. */
    @Test
    void theBridgesRemovalDeletesNoQueueMqTelemetryUses() throws IOException {
        List<MqscCommand> removal = MqscReader.read(REMOVAL).commands();
        assertThat(removal).noneMatch(c -> c.kind().equals("DELETE QLOCAL") && c.name().startsWith("SYSTEM.MQTT."));
        assertThat(removal).noneMatch(c -> c.kind().equals("ALTER QMGR"));
        assertThat(MqscReader.read(SHARED_REMOVAL).commands()).extracting(MqscCommand::name)
                .contains("SYSTEM.MQTT.TRANSMIT.QUEUE", "SYSTEM.MQTT.PERSISTENT.STATE");
    }
}
