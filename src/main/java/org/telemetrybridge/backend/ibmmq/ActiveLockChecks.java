package org.telemetrybridge.backend.ibmmq;

import java.util.ArrayList;
import java.util.List;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;

import org.telemetrybridge.backend.MqObjectNames;

/**
 * The checks of TBRIDGE.ACTIVE where it exists: NOSHARE, so that a second bridge's open for input fails
 * with MQRC 2042 while the first holds it (IBM: "Shareability (MQLONG)", MQQA_NOT_SHAREABLE: "only one
 * application instance can open the queue for input"), DEFSOPT(EXCL) to match, and GET and INQ for the
 * bridge's user (the lock is an open for input; the bridge inquires the queue).
 */
final class ActiveLockChecks {

    private ActiveLockChecks() {
    }

    /** Adds the failed checks; returns how many checks ran. */
    static int evaluate(ActiveLockFacts lock, String user, List<QueueManagerChecks.Finding> failures) {
        if (!lock.exists()) {
            return 0;
        }
        String queue = MqObjectNames.ACTIVE_LOCK_QUEUE;
        int checked = 1;
        boolean shared = lock.shareability() != null && lock.shareability() != CMQC.MQQA_NOT_SHAREABLE;
        boolean sharedDefault = lock.defaultInput() != null && lock.defaultInput() != CMQC.MQOO_INPUT_EXCLUSIVE;
        if (shared || sharedDefault) {
            failures.add(new QueueManagerChecks.Finding("TBR0327E", queue + " is not NOSHARE DEFSOPT(EXCL): two"
                    + " active/standby bridges could both hold it and both be active",
                    "ALTER QLOCAL('" + queue + "') NOSHARE DEFSOPT(EXCL)"));
        }
        if (user != null && lock.authorities() != null) {
            checked++;
            List<String> missing = new ArrayList<>();
            boolean all = lock.authorities().contains(CMQCFC.MQAUTH_ALL);
            if (!all && !lock.authorities().contains(CMQCFC.MQAUTH_INPUT)) {
                missing.add("GET");
            }
            if (!all && !lock.authorities().contains(CMQCFC.MQAUTH_INQUIRE)) {
                missing.add("INQ");
            }
            if (!missing.isEmpty()) {
                failures.add(new QueueManagerChecks.Finding("TBR0328E", "user '" + user + "' may not "
                        + String.join(", ", missing) + " on " + queue + ": with bridge.ha.mode=active-standby no"
                        + " bridge can become active", "SET AUTHREC PROFILE('" + queue + "') OBJTYPE(QUEUE) PRINCIPAL('"
                        + user + "') AUTHADD(" + String.join(",", missing) + ")"));
            }
        }
        return checked;
    }
}
