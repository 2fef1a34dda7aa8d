package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Finding;

/** TBRIDGE.ACTIVE as mqsc/60 defines it passes; shared, or without the user's GET/INQ, it fails; absent, it is not checked. */
class ActiveLockChecksTest {

    private static final Set<Integer> GET_INQ = Set.of(CMQCFC.MQAUTH_INPUT, CMQCFC.MQAUTH_INQUIRE,
            CMQCFC.MQAUTH_DISPLAY);

    private static List<Finding> check(ActiveLockFacts lock) {
        List<Finding> failures = new ArrayList<>();
        ActiveLockChecks.evaluate(lock, "app", failures);
        return failures;
    }

    @Test
    void asShippedItPassesAndWithoutTheQueueNothingIsChecked() {
        assertThat(check(new ActiveLockFacts(true, CMQC.MQQA_NOT_SHAREABLE, CMQC.MQOO_INPUT_EXCLUSIVE, GET_INQ)))
                .isEmpty();
        List<Finding> none = new ArrayList<>();
        assertThat(ActiveLockChecks.evaluate(ActiveLockFacts.NOT_INQUIRED, "app", none)).isZero();
        assertThat(none).isEmpty();
    }

    @Test
    void aShareableLockWouldLetTwoBridgesBeActive() {
        assertThat(check(new ActiveLockFacts(true, CMQC.MQQA_SHAREABLE, CMQC.MQOO_INPUT_SHARED, GET_INQ)))
                .containsExactly(new Finding("TBR0327E", "TBRIDGE.ACTIVE is not NOSHARE DEFSOPT(EXCL): two"
                        + " active/standby bridges could both hold it and both be active",
                        "ALTER QLOCAL('TBRIDGE.ACTIVE') NOSHARE DEFSOPT(EXCL)"));
    }

    @Test
    void withoutGetNoBridgeCanTakeTheLock() {
        assertThat(check(new ActiveLockFacts(true, CMQC.MQQA_NOT_SHAREABLE, CMQC.MQOO_INPUT_EXCLUSIVE,
                Set.of(CMQCFC.MQAUTH_INQUIRE)))).extracting(Finding::messageId, Finding::mqsc)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TBR0328E",
                        "SET AUTHREC PROFILE('TBRIDGE.ACTIVE') OBJTYPE(QUEUE) PRINCIPAL('app') AUTHADD(GET)"));
    }
}
