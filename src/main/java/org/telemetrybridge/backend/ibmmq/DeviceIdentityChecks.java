package org.telemetrybridge.backend.ibmmq;

import java.util.List;
import java.util.Set;

import com.ibm.mq.constants.CMQCFC;

/**
 * The check of {@code ibm.mq.device-identity} against the bridge's authority on the queue manager: acting as
 * each device needs alternate-user authority (ALTUSR, MQAUTH_ALT_USER_AUTHORITY in the answer to Inquire
 * Entity Authority on the queue manager; IBM: "Authorizations for alternate user",
 * MQSO_ALTERNATE_USER_AUTHORITY in "Options (MQLONG) for MQSD"), and not acting so does not.
 */
final class DeviceIdentityChecks {

    private DeviceIdentityChecks() {
    }

    /** Adds the failed check; returns how many checks ran (0 when the authority is not known). */
    static int evaluate(DeviceIdentity identity, QueueManagerFacts facts, List<QueueManagerChecks.Finding> failures) {
        Set<Integer> onQmgr = facts.limits().queueManagerAuthorities();
        if (facts.user() == null || facts.user().isEmpty() || onQmgr == null) {
            return 0;
        }
        boolean altUser = onQmgr.contains(CMQCFC.MQAUTH_ALL) || onQmgr.contains(CMQCFC.MQAUTH_ALT_USER_AUTHORITY);
        String grant = "SET AUTHREC OBJTYPE(QMGR) PRINCIPAL('" + facts.user() + "') ";
        if (identity != DeviceIdentity.BRIDGE && !altUser) {
            failures.add(new QueueManagerChecks.Finding("TBR0325E", "ibm.mq.device-identity is "
                    + identity.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " but user '" + facts.user()
                    + "' has no alternate-user authority (ALTUSR): persistent sessions' subscriptions made as the"
                    + " device fail with MQRC 2035", grant + "AUTHADD(ALTUSR)"));
        } else if (identity == DeviceIdentity.BRIDGE && onQmgr.contains(CMQCFC.MQAUTH_ALT_USER_AUTHORITY)) {
            failures.add(new QueueManagerChecks.Finding("TBR0326W", "user '" + facts.user() + "' has alternate-user"
                    + " authority (ALTUSR), which ibm.mq.device-identity=bridge does not use and which lets it act as"
                    + " any MQ user", grant + "AUTHRMV(ALTUSR)"));
        }
        return 1;
    }
}
