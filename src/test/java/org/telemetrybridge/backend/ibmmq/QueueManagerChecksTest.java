package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Finding;
import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Report;

class QueueManagerChecksTest {

    private static final Set<Integer> QUEUE_OK = Set.of(CMQCFC.MQAUTH_INPUT, CMQCFC.MQAUTH_BROWSE,
            CMQCFC.MQAUTH_INQUIRE, CMQCFC.MQAUTH_OUTPUT);
    private static final Set<Integer> TOPIC_OK = Set.of(CMQCFC.MQAUTH_PUBLISH, CMQCFC.MQAUTH_SUBSCRIBE);

    /** A queue manager set up as the shipped MQSC does. */
    private static QueueManagerFacts good() {
        return new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION, "SYSTEM.MQTT.TRANSMIT.QUEUE",
                "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app", QUEUE_OK, TOPIC_OK);
    }

    @Test
    void queueManagerSetUpByTheShippedMqscPassesEveryCheck() {
        Report report = QueueManagerChecks.evaluate(good(), 1000);

        assertThat(report.passed()).isTrue();
        assertThat(report.failures()).isEmpty();
        assertThat(report.skipped()).isEmpty();
        assertThat(report.checked()).isEqualTo(8);
    }

    @Test
    void missingTransmitQueueIsDefinedAsATransmissionQueue() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", null, null, "SYSTEM.MQTT.TRANSMIT.QUEUE",
                "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app", QUEUE_OK, TOPIC_OK);

        assertThat(QueueManagerChecks.evaluate(facts, 1000).failures()).containsExactly(new Finding("TBR0065E",
                "the transmission queue SYSTEM.MQTT.TRANSMIT.QUEUE does not exist",
                "DEFINE QLOCAL('SYSTEM.MQTT.TRANSMIT.QUEUE') USAGE(XMITQ) MAXDEPTH(100000) NOREPLACE"));
    }

    @Test
    void aliasInsteadOfLocalQueueIsReplaced() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", CMQC.MQQT_ALIAS, null, "SYSTEM.MQTT.TRANSMIT.QUEUE",
                "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app", QUEUE_OK, TOPIC_OK);

        Finding finding = QueueManagerChecks.evaluate(facts, 1000).failures().get(0);
        assertThat(finding.messageId()).isEqualTo("TBR0065E");
        assertThat(finding.mqsc()).startsWith("DELETE QALIAS('SYSTEM.MQTT.TRANSMIT.QUEUE') then DEFINE QLOCAL(");
    }

    @Test
    void normalUsageQueueIsAlteredToXmitq() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_NORMAL,
                "SYSTEM.MQTT.TRANSMIT.QUEUE", "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app", QUEUE_OK, TOPIC_OK);

        assertThat(QueueManagerChecks.evaluate(facts, 1000).failures()).extracting(Finding::messageId, Finding::mqsc)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TBR0066E",
                        "ALTER QLOCAL('SYSTEM.MQTT.TRANSMIT.QUEUE') USAGE(XMITQ)"));
    }

    @Test
    void otherDefaultTransmitQueueIsPointedAtTheBridgesQueue() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION, "QM2.XMIT",
                "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app", QUEUE_OK, TOPIC_OK);

        Finding finding = QueueManagerChecks.evaluate(facts, 1000).failures().get(0);
        assertThat(finding.messageId()).isEqualTo("TBR0067E");
        assertThat(finding.problem()).contains("'QM2.XMIT'");
        assertThat(finding.mqsc()).isEqualTo("ALTER QMGR DEFXMITQ('SYSTEM.MQTT.TRANSMIT.QUEUE')");
    }

    @Test
    void missingAuthoritiesAreGrantedExactlyWithSetAuthrec() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION,
                "SYSTEM.MQTT.TRANSMIT.QUEUE", "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app",
                Set.of(CMQCFC.MQAUTH_INQUIRE), Set.of(CMQCFC.MQAUTH_SUBSCRIBE));

        assertThat(QueueManagerChecks.evaluate(facts, 1000).failures()).extracting(Finding::messageId, Finding::mqsc)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("TBR0068E", "SET AUTHREC PROFILE('SYSTEM.MQTT.TRANSMIT.QUEUE')"
                                + " OBJTYPE(QUEUE) PRINCIPAL('app') AUTHADD(GET,BROWSE,PUT)"),
                        org.assertj.core.groups.Tuple.tuple("TBR0069E", "SET AUTHREC PROFILE('SYSTEM.BASE.TOPIC')"
                                + " OBJTYPE(TOPIC) PRINCIPAL('app') AUTHADD(PUB)"));
    }

    @Test
    void allAuthorityCoversEverything() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION,
                "SYSTEM.MQTT.TRANSMIT.QUEUE", "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "mqadmin",
                Set.of(CMQCFC.MQAUTH_ALL), Set.of(CMQCFC.MQAUTH_ALL));

        assertThat(QueueManagerChecks.evaluate(facts, 1000).passed()).isTrue();
    }

    @Test
    void authoritiesAreSkippedWithoutAUserAndSaySo() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION,
                "SYSTEM.MQTT.TRANSMIT.QUEUE", "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, null, null, null);

        Report report = QueueManagerChecks.evaluate(facts, 1000);
        assertThat(report.passed()).isTrue();
        assertThat(report.checked()).isEqualTo(6);
        assertThat(report.skipped()).singleElement().asString().contains("ibm.mq.user is empty");
    }

    @Test
    void maxUmsgsBelowTheAcknowledgementWindowIsRaised() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION,
                "SYSTEM.MQTT.TRANSMIT.QUEUE", "SYSTEM.DEAD.LETTER.QUEUE", 5_000, true, "app", QUEUE_OK, TOPIC_OK);

        assertThat(QueueManagerChecks.evaluate(facts, 1000).passed()).isTrue();
        Finding finding = QueueManagerChecks.evaluate(facts, 8000).failures().get(0);
        assertThat(finding.messageId()).isEqualTo("TBR0080W");
        assertThat(finding.mqsc()).isEqualTo("ALTER QMGR MAXUMSGS(10000)");
        assertThat(QueueManagerChecks.evaluate(facts, 20_000).failures().get(0).mqsc())
                .isEqualTo("ALTER QMGR MAXUMSGS(20000)");
    }

    @Test
    void missingStateQueueAndDeadLetterQueueAreReported() {
        QueueManagerFacts facts = new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION,
                "SYSTEM.MQTT.TRANSMIT.QUEUE", "", 10_000, false, "app", QUEUE_OK, TOPIC_OK);

        assertThat(QueueManagerChecks.evaluate(facts, 1000).failures()).extracting(Finding::messageId)
                .containsExactly("TBR0081E", "TBR0082W");
    }
}
