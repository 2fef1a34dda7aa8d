package org.telemetrybridge.backend.ibmmq;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;

/**
 * The checks of what a real queue manager must allow beyond the bridge's own objects: publish/subscribe
 * on, enough handles, messages as large as the largest MQTT packet, a dead-letter queue the bridge can
 * write to with context, a channel that allows shared conversations and enough instances, and
 * connection authentication that adopts the bridge's user. Each failure names its message id and the
 * MQSC that fixes it.
 */
final class DayOneChecks {

    /** MQ's default MAXHANDS outside z/OS; below it the bridge keeps fewer topics open. */
    static final int DEFAULT_MAX_HANDLES = 256;

    /**
     * Conversations the bridge holds whatever its clients do: its JMS connection and admin session, two
     * sessions per publisher thread (2 by default), the transmit-queue and held-queue sessions, the
     * start-up inquiry's own connection, and the one connection of persistent sessions' subscriptions
     * ({@link QueueManagerSubscriptions}), however many there are. Each filter that clean sessions share
     * adds one, and so does each device being sent messages while it reads them, up to
     * bridge.transmit.max-held-readers (docs/ibmmq.md).
     */
    static final int FIXED_CONVERSATIONS = 11;

    /** MQADPCTX_NO (cmqc.h), the ADOPTCTX(NO) value of MQIA_ADOPT_CONTEXT; MQ classes for Java name no constant for it. */
    static final int ADOPT_CONTEXT_NO = 0;

    private DayOneChecks() {
    }

    /** Adds the failed checks; returns how many checks ran. */
    static int evaluate(QueueManagerFacts facts, long maxPacketSize, List<QueueManagerChecks.Finding> failures) {
        QueueManagerLimits limits = facts.limits();
        int checked = 0;
        if (limits.pubSubMode() != null) {
            checked++;
            if (limits.pubSubMode() == CMQC.MQPSM_DISABLED) {
                failures.add(new QueueManagerChecks.Finding("TBR0223E", "publish/subscribe is disabled (PSMODE(DISABLED)):"
                        + " device publications and subscriptions fail", "ALTER QMGR PSMODE(ENABLED)"));
            }
        }
        if (limits.maxHandles() != null) {
            checked++;
            if (limits.maxHandles() < DEFAULT_MAX_HANDLES) {
                failures.add(new QueueManagerChecks.Finding("TBR0224W", "MAXHANDS is " + limits.maxHandles()
                        + ": each bridge session keeps at most MAXHANDS - 16 topics open, every other topic costs"
                        + " an open and a close per publication", "ALTER QMGR MAXHANDS(" + DEFAULT_MAX_HANDLES + ")"));
            }
        }
        if (limits.maxMessageLength() != null && maxPacketSize > 0) {
            checked++;
            if (limits.maxMessageLength() < maxPacketSize) {
                failures.add(new QueueManagerChecks.Finding("TBR0225W", "MAXMSGL is " + limits.maxMessageLength()
                        + " bytes, below the largest MQTT packet the bridge accepts (bridge.mqtt.max-packet-size, "
                        + maxPacketSize + " bytes): larger publications are refused by MQ (MQRC 2010 / 2030);"
                        + " the queues' MAXMSGL must allow them too", "ALTER QMGR MAXMSGL(" + maxPacketSize + ")"));
            }
        }
        checked += deadLetterQueue(facts, failures);
        checked += channel(facts, failures);
        if (limits.adoptContext() != null && facts.user() != null) {
            checked++;
            if (limits.adoptContext() == ADOPT_CONTEXT_NO) {
                failures.add(new QueueManagerChecks.Finding("TBR0230W", "CONNAUTH object '"
                        + limits.connectionAuthentication() + "' has ADOPTCTX(NO): the bridge's connections run as"
                        + " the channel's or the client process's user, not as '" + facts.user() + "' whose"
                        + " authorities are checked here", "ALTER AUTHINFO('" + limits.connectionAuthentication()
                        + "') AUTHTYPE(IDPWOS) ADOPTCTX(YES) and REFRESH SECURITY TYPE(CONNAUTH)"));
            }
        }
        return checked;
    }

    private static int deadLetterQueue(QueueManagerFacts facts, List<QueueManagerChecks.Finding> failures) {
        String name = facts.deadLetterQueue();
        QueueManagerLimits limits = facts.limits();
        if (name == null || name.isEmpty() || limits == QueueManagerLimits.NOT_INQUIRED) {
            return 0; // No DEADQ is TBR0082W's finding.
        }
        int checked = 1;
        if (limits.deadLetterQueueType() == null) {
            failures.add(new QueueManagerChecks.Finding("TBR0226E", "the dead-letter queue DEADQ('" + name
                    + "') does not exist: undeliverable messages stay on the transmission queue",
                    "DEFINE QLOCAL('" + name + "') NOREPLACE"));
        } else if (limits.deadLetterQueuePutInhibited() != null
                && limits.deadLetterQueuePutInhibited() == CMQC.MQQA_PUT_INHIBITED) {
            failures.add(new QueueManagerChecks.Finding("TBR0226E", "the dead-letter queue '" + name
                    + "' is PUT(DISABLED): undeliverable messages stay on the transmission queue",
                    "ALTER QLOCAL('" + name + "') PUT(ENABLED)"));
        }
        if (facts.user() != null && limits.deadLetterQueueAuthorities() != null) {
            checked++;
            List<String> missing = new ArrayList<>();
            Set<Integer> held = limits.deadLetterQueueAuthorities();
            if (!held.contains(CMQCFC.MQAUTH_ALL) && !held.contains(CMQCFC.MQAUTH_OUTPUT)) {
                missing.add("PUT");
            }
            if (!held.contains(CMQCFC.MQAUTH_ALL) && !held.contains(CMQCFC.MQAUTH_SET_ALL_CONTEXT)) {
                missing.add("SETALL");
            }
            Set<Integer> onQmgr = limits.queueManagerAuthorities() == null ? Set.of() : limits.queueManagerAuthorities();
            boolean qmgrSetAll = onQmgr.contains(CMQCFC.MQAUTH_ALL) || onQmgr.contains(CMQCFC.MQAUTH_SET_ALL_CONTEXT);
            if (!missing.isEmpty() || !qmgrSetAll) {
                String fix = missing.isEmpty() ? "" : "SET AUTHREC PROFILE('" + name + "') OBJTYPE(QUEUE) PRINCIPAL('"
                        + facts.user() + "') AUTHADD(" + String.join(",", missing) + ")";
                if (!qmgrSetAll) {
                    fix += (fix.isEmpty() ? "" : " and ") + "SET AUTHREC OBJTYPE(QMGR) PRINCIPAL('" + facts.user()
                            + "') AUTHADD(SETALL)";
                }
                failures.add(new QueueManagerChecks.Finding("TBR0227E", "user '" + facts.user() + "' may not put"
                        + " dead letters with the sender's context on '" + name + "' (needs PUT and SETALL there,"
                        + " and SETALL on the queue manager)", fix));
            }
        }
        return checked;
    }

    private static int channel(QueueManagerFacts facts, List<QueueManagerChecks.Finding> failures) {
        QueueManagerLimits limits = facts.limits();
        if (limits.sharingConversations() == null) {
            return 0;
        }
        int checked = 1;
        int sharing = limits.sharingConversations();
        if (sharing == 0) {
            failures.add(new QueueManagerChecks.Finding("TBR0228E", "the bridge's channel has SHARECNV(0): MQ classes"
                    + " for JMS need SHARECNV(1) or more for normal mode", "ALTER CHANNEL('" + limits.channel()
                    + "') CHLTYPE(SVRCONN) SHARECNV(10)"));
        }
        int needed = (FIXED_CONVERSATIONS + Math.max(1, sharing) - 1) / Math.max(1, sharing);
        Integer instances = limits.maxInstances();
        Integer perClient = limits.maxInstancesPerClient();
        if (instances != null && perClient != null) {
            checked++;
            int allowed = Math.min(instances, perClient);
            if (allowed < needed) {
                failures.add(new QueueManagerChecks.Finding("TBR0229W", "the bridge's channel allows " + allowed
                        + " instances (MAXINST " + instances + ", MAXINSTC " + perClient + "), below the " + needed
                        + " the bridge alone needs at SHARECNV(" + sharing + "), before one per filter clean sessions share"
                        + " and up to bridge.transmit.max-held-readers for devices being sent messages",
                        "ALTER CHANNEL('" + limits.channel() + "') CHLTYPE(SVRCONN) MAXINST(" + Math.max(needed,
                                instances) + ") MAXINSTC(" + Math.max(needed, perClient) + ")"));
            }
        }
        return checked;
    }
}
