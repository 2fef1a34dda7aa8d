package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Finding;
import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Report;

/** The checks of a real queue manager's limits and settings, decided from inquired facts (MQ's constants). */
class DayOneChecksTest {

    private static final Set<Integer> QUEUE_OK = Set.of(CMQCFC.MQAUTH_INPUT, CMQCFC.MQAUTH_BROWSE,
            CMQCFC.MQAUTH_INQUIRE, CMQCFC.MQAUTH_OUTPUT);
    private static final Set<Integer> TOPIC_OK = Set.of(CMQCFC.MQAUTH_PUBLISH, CMQCFC.MQAUTH_SUBSCRIBE);
    private static final long FOUR_MB = 4 * 1024 * 1024;

    /** A queue manager as the MQ container and the shipped MQSC leave it. */
    private static QueueManagerLimits good() {
        return new QueueManagerLimits(256, CMQC.MQPSM_ENABLED, (int) FOUR_MB,
                CMQC.MQQT_LOCAL, CMQC.MQQA_PUT_ALLOWED,
                Set.of(CMQCFC.MQAUTH_OUTPUT, CMQCFC.MQAUTH_SET_ALL_CONTEXT), Set.of(CMQCFC.MQAUTH_SET_ALL_CONTEXT),
                "TBRIDGE.SVRCONN", 10, 999_999_999, 999_999_999, "DEV.AUTHINFO", 1);
    }

    private static QueueManagerFacts facts(QueueManagerLimits limits) {
        return new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION, "SYSTEM.MQTT.TRANSMIT.QUEUE",
                "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app", QUEUE_OK, TOPIC_OK, limits);
    }

    private static QueueManagerLimits with(QueueManagerLimits l, Integer maxHandles, Integer psMode, Integer maxMsgl,
                                           Integer deadType, Integer deadPut, Set<Integer> deadAuth,
                                           Set<Integer> qmgrAuth, Integer sharecnv, Integer maxInst, Integer adopt) {
        return new QueueManagerLimits(maxHandles, psMode, maxMsgl, deadType, deadPut, deadAuth, qmgrAuth, l.channel(),
                sharecnv, maxInst, l.maxInstancesPerClient(), l.connectionAuthentication(), adopt);
    }

    private static Report evaluate(QueueManagerLimits limits) {
        return QueueManagerChecks.evaluate(facts(limits), 1000, FOUR_MB);
    }

    @Test
    void aQueueManagerSetUpAsShippedPassesEveryDayOneCheck() {
        Report report = evaluate(good());
        assertThat(report.failures()).isEmpty();
        assertThat(report.checked()).as("8 set-up checks, 8 day-one checks and the device-identity check")
                .isEqualTo(17);
    }

    @Test
    void disabledPublishSubscribeIsAnError() {
        QueueManagerLimits g = good();
        assertThat(evaluate(with(g, 256, CMQC.MQPSM_DISABLED, g.maxMessageLength(), CMQC.MQQT_LOCAL, 0,
                g.deadLetterQueueAuthorities(), g.queueManagerAuthorities(), 10, 999_999_999, 1)).failures())
                .containsExactly(new Finding("TBR0223E", "publish/subscribe is disabled (PSMODE(DISABLED)): device"
                        + " publications and subscriptions fail", "ALTER QMGR PSMODE(ENABLED)"));
    }

    @Test
    void fewHandlesAndSmallMessagesAreWarned() {
        QueueManagerLimits g = good();
        Report report = evaluate(with(g, 100, CMQC.MQPSM_ENABLED, 1024 * 1024, CMQC.MQQT_LOCAL, 0,
                g.deadLetterQueueAuthorities(), g.queueManagerAuthorities(), 10, 999_999_999, 1));
        assertThat(report.failures()).extracting(Finding::messageId).containsExactly("TBR0224W", "TBR0225W");
        assertThat(report.failures().get(1).mqsc()).isEqualTo("ALTER QMGR MAXMSGL(" + FOUR_MB + ")");
    }

    @Test
    void missingOrPutInhibitedDeadLetterQueueIsAnError() {
        QueueManagerLimits g = good();
        assertThat(evaluate(with(g, 256, CMQC.MQPSM_ENABLED, g.maxMessageLength(), null, null,
                g.deadLetterQueueAuthorities(), g.queueManagerAuthorities(), 10, 999_999_999, 1)).failures())
                .singleElement().satisfies(f -> {
                    assertThat(f.messageId()).isEqualTo("TBR0226E");
                    assertThat(f.mqsc()).isEqualTo("DEFINE QLOCAL('SYSTEM.DEAD.LETTER.QUEUE') NOREPLACE");
                });
        assertThat(evaluate(with(g, 256, CMQC.MQPSM_ENABLED, g.maxMessageLength(), CMQC.MQQT_LOCAL,
                CMQC.MQQA_PUT_INHIBITED, g.deadLetterQueueAuthorities(), g.queueManagerAuthorities(), 10,
                999_999_999, 1)).failures()).extracting(Finding::mqsc)
                .containsExactly("ALTER QLOCAL('SYSTEM.DEAD.LETTER.QUEUE') PUT(ENABLED)");
    }

    @Test
    void deadLettersWithContextNeedPutAndSetallOnTheQueueAndSetallOnTheQueueManager() {
        QueueManagerLimits g = good();
        Report report = evaluate(with(g, 256, CMQC.MQPSM_ENABLED, g.maxMessageLength(), CMQC.MQQT_LOCAL, 0,
                Set.of(CMQCFC.MQAUTH_OUTPUT), Set.of(), 10, 999_999_999, 1));
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.messageId()).isEqualTo("TBR0227E");
            assertThat(f.mqsc()).isEqualTo("SET AUTHREC PROFILE('SYSTEM.DEAD.LETTER.QUEUE') OBJTYPE(QUEUE)"
                    + " PRINCIPAL('app') AUTHADD(SETALL) and SET AUTHREC OBJTYPE(QMGR) PRINCIPAL('app')"
                    + " AUTHADD(SETALL)");
        });
    }

    @Test
    void channelWithoutSharedConversationsOrEnoughInstancesIsReported() {
        QueueManagerLimits g = good();
        assertThat(evaluate(with(g, 256, CMQC.MQPSM_ENABLED, g.maxMessageLength(), CMQC.MQQT_LOCAL, 0,
                g.deadLetterQueueAuthorities(), g.queueManagerAuthorities(), 0, 999_999_999, 1)).failures())
                .extracting(Finding::messageId).containsExactly("TBR0228E");
        assertThat(evaluate(with(g, 256, CMQC.MQPSM_ENABLED, g.maxMessageLength(), CMQC.MQQT_LOCAL, 0,
                g.deadLetterQueueAuthorities(), g.queueManagerAuthorities(), 1, 5, 1)).failures())
                .singleElement().satisfies(f -> {
                    assertThat(f.messageId()).isEqualTo("TBR0229W");
                    assertThat(f.mqsc()).startsWith("ALTER CHANNEL('TBRIDGE.SVRCONN') CHLTYPE(SVRCONN) MAXINST(11)");
                });
    }

    @Test
    void connectionAuthenticationThatDoesNotAdoptTheUserIsWarned() {
        QueueManagerLimits g = good();
        assertThat(evaluate(with(g, 256, CMQC.MQPSM_ENABLED, g.maxMessageLength(), CMQC.MQQT_LOCAL, 0,
                g.deadLetterQueueAuthorities(), g.queueManagerAuthorities(), 10, 999_999_999,
                DayOneChecks.ADOPT_CONTEXT_NO)).failures()).extracting(Finding::mqsc).containsExactly(
                "ALTER AUTHINFO('DEV.AUTHINFO') AUTHTYPE(IDPWOS) ADOPTCTX(YES) and REFRESH SECURITY TYPE(CONNAUTH)");
    }

    @Test
    void actingAsEachDeviceNeedsAlternateUserAuthorityAndActingAsTheBridgeDoesNotWantIt() {
        QueueManagerLimits g = good();
        QueueManagerLimits withAltUser = with(g, 256, CMQC.MQPSM_ENABLED, g.maxMessageLength(), CMQC.MQQT_LOCAL,
                CMQC.MQQA_PUT_ALLOWED, g.deadLetterQueueAuthorities(),
                Set.of(CMQCFC.MQAUTH_SET_ALL_CONTEXT, CMQCFC.MQAUTH_ALT_USER_AUTHORITY), 10, 999_999_999, 1);

        assertThat(QueueManagerChecks.evaluate(facts(g), 1000, FOUR_MB, DeviceIdentity.CLIENT_ID).failures())
                .containsExactly(new Finding("TBR0325E", "ibm.mq.device-identity is client-id but user 'app' has no"
                        + " alternate-user authority (ALTUSR): persistent sessions' subscriptions made as the device"
                        + " fail with MQRC 2035", "SET AUTHREC OBJTYPE(QMGR) PRINCIPAL('app') AUTHADD(ALTUSR)"));
        assertThat(QueueManagerChecks.evaluate(facts(withAltUser), 1000, FOUR_MB, DeviceIdentity.USER).failures())
                .isEmpty();
        assertThat(QueueManagerChecks.evaluate(facts(withAltUser), 1000, FOUR_MB, DeviceIdentity.BRIDGE).failures())
                .extracting(Finding::messageId).containsExactly("TBR0326W");
    }
}
