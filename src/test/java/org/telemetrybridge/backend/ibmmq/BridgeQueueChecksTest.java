package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Finding;

/**
 * The checks of the held queue, the state and held queues' authorities and the queues' MAXMSGL, decided from
 * inquired facts (MQ's constants) as the start-up checks and {@code doctor} decide them.
 */
class BridgeQueueChecksTest {

    private static final Set<Integer> READ_WRITE = Set.of(CMQCFC.MQAUTH_INPUT, CMQCFC.MQAUTH_BROWSE,
            CMQCFC.MQAUTH_OUTPUT, CMQCFC.MQAUTH_INQUIRE);
    private static final long FOUR_MB = 4 * 1024 * 1024;
    /** MQ's default MAXMSGL of a local queue. */
    private static final int DEFAULT_MAXMSGL = 4 * 1024 * 1024;

    private static QueueManagerFacts facts(BridgeQueueFacts queues) {
        return new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION, "SYSTEM.MQTT.TRANSMIT.QUEUE",
                "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app", READ_WRITE, Set.of(CMQCFC.MQAUTH_ALL),
                QueueManagerLimits.NOT_INQUIRED, MqTelemetryFacts.NOT_INQUIRED, ActiveLockFacts.NOT_INQUIRED, queues);
    }

    private static List<Finding> failures(BridgeQueueFacts queues, long maxPacketSize) {
        return QueueManagerChecks.evaluate(facts(queues), 1000, maxPacketSize).failures();
    }

    @Test
    void queuesAsShippedPass() {
        int roomy = (int) (FOUR_MB + BridgeQueueChecks.XQH_BYTES + BridgeQueueChecks.DLH_BYTES);
        BridgeQueueFacts shipped = new BridgeQueueFacts(true, READ_WRITE, READ_WRITE, roomy, roomy);

        assertThat(failures(shipped, FOUR_MB)).isEmpty();
        assertThat(QueueManagerChecks.evaluate(facts(shipped), 1000, FOUR_MB).checked())
                .as("held queue, two authorities, two MAXMSGL more than without them")
                .isEqualTo(QueueManagerChecks.evaluate(facts(BridgeQueueFacts.NOT_INQUIRED), 1000, FOUR_MB).checked() + 5);
    }

    @Test
    void aMissingHeldQueueIsAnErrorWithItsDefinition() {
        assertThat(failures(new BridgeQueueFacts(false, READ_WRITE, null, null, null), FOUR_MB)).singleElement()
                .satisfies(f -> {
                    assertThat(f.messageId()).isEqualTo("TBR0330E");
                    assertThat(f.mqsc()).isEqualTo("DEFINE QLOCAL('TBRIDGE.HELD.QUEUE') DEFPSIST(YES) MAXDEPTH(100000)"
                            + " NOREPLACE");
                });
    }

    @Test
    void missingAuthoritiesOnTheStateAndHeldQueuesAreNamedInMqscOrder() {
        BridgeQueueFacts queues = new BridgeQueueFacts(true, Set.of(CMQCFC.MQAUTH_INQUIRE),
                Set.of(CMQCFC.MQAUTH_INPUT, CMQCFC.MQAUTH_INQUIRE), null, null);

        assertThat(failures(queues, FOUR_MB)).extracting(Finding::messageId, Finding::mqsc).containsExactly(
                org.assertj.core.groups.Tuple.tuple("TBR0331E", "SET AUTHREC PROFILE('SYSTEM.MQTT.PERSISTENT.STATE')"
                        + " OBJTYPE(QUEUE) PRINCIPAL('app') AUTHADD(GET,BROWSE,PUT)"),
                org.assertj.core.groups.Tuple.tuple("TBR0331E", "SET AUTHREC PROFILE('TBRIDGE.HELD.QUEUE')"
                        + " OBJTYPE(QUEUE) PRINCIPAL('app') AUTHADD(BROWSE,PUT)"));
    }

    /** MQ's default MAXMSGL (4 MB) on both queues and the bridge's default max-packet-size (4 MB) pass. */
    @Test
    void mqsDefaultMaxmsglPassesWithTheDefaultPacketSize() {
        assertThat(failures(new BridgeQueueFacts(true, READ_WRITE, READ_WRITE, DEFAULT_MAXMSGL, DEFAULT_MAXMSGL),
                FOUR_MB)).isEmpty();
    }

    @Test
    void aTransmissionQueueSmallerThanThePacketSizeIsWarned() {
        List<Finding> found = failures(new BridgeQueueFacts(true, READ_WRITE, READ_WRITE, 1024 * 1024,
                DEFAULT_MAXMSGL), FOUR_MB);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.messageId()).isEqualTo("TBR0332W");
            assertThat(f.mqsc()).isEqualTo("ALTER QLOCAL('SYSTEM.MQTT.TRANSMIT.QUEUE') MAXMSGL(" + (FOUR_MB + 428) + ")");
        });
    }

    /** The dead letter of the largest transmission message drops its MQXQH and gains an MQDLH. */
    @Test
    void aDeadLetterQueueThatCannotTakeTheDeadLetterOfTheLargestTransmissionMessageIsWarned() {
        int transmit = 10 * 1024 * 1024;
        List<Finding> found = failures(new BridgeQueueFacts(true, READ_WRITE, READ_WRITE, transmit, DEFAULT_MAXMSGL),
                FOUR_MB);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.messageId()).isEqualTo("TBR0332W");
            assertThat(f.problem()).contains("stops the drain");
            assertThat(f.mqsc()).isEqualTo("ALTER QLOCAL('SYSTEM.DEAD.LETTER.QUEUE') MAXMSGL(" + (transmit - 428 + 172)
                    + ")");
        });
        assertThat(failures(new BridgeQueueFacts(true, READ_WRITE, READ_WRITE, transmit, transmit - 256), FOUR_MB))
                .as("just enough").isEmpty();
    }
}
