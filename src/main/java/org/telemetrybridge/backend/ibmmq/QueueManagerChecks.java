package org.telemetrybridge.backend.ibmmq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.port.BackendListener;
import org.telemetrybridge.log.BridgeLog;

/**
 * The checks of a queue manager's set-up for the bridge: what {@code mqsc/} creates, verified. The
 * decision logic ({@link #evaluate}) takes the inquired {@link QueueManagerFacts} and gives, for each
 * failed check, its message id, the problem, and the exact MQSC that fixes it; the facts come from
 * {@link QueueManagerInquiry} (PCF). The bridge runs them after connecting; {@code doctor} on demand.
 */
public final class QueueManagerChecks {

    /** The bridge's publisher commits up to 512 publications at once, each also a state update at worst. */
    static final int PUBLISHER_UNIT_OF_WORK = 1024;

    /** A failed check: its message id, what is wrong, and the MQSC that fixes it. */
    public record Finding(String messageId, String problem, String mqsc) {
    }

    /**
     * @param checked  how many checks ran
     * @param failures the checks that failed
     * @param skipped  checks that could not run, and why
     */
    public record Report(int checked, List<Finding> failures, List<String> skipped) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Authorities the bridge needs, with their MQSC names, in the order MQSC lists them. */
    private static final Map<Integer, String> QUEUE_AUTHORITIES = ordered(
            CMQCFC.MQAUTH_INPUT, "GET", CMQCFC.MQAUTH_BROWSE, "BROWSE", CMQCFC.MQAUTH_INQUIRE, "INQ",
            // PUT: a device subscription's destination resolves to this queue, and name resolution checks it.
            CMQCFC.MQAUTH_OUTPUT, "PUT");
    private static final Map<Integer, String> TOPIC_AUTHORITIES = ordered(
            CMQCFC.MQAUTH_PUBLISH, "PUB", CMQCFC.MQAUTH_SUBSCRIBE, "SUB");

    private QueueManagerChecks() {
    }

    /**
     * Decides every check from the facts.
     *
     * @param maxUnacknowledged the bridge's ibm.mq.max-unacknowledged, which MAXUMSGS must allow
     */
    public static Report evaluate(QueueManagerFacts facts, int maxUnacknowledged) {
        return evaluate(facts, maxUnacknowledged, 0);
    }

    /**
     * Decides every check from the facts.
     *
     * @param maxUnacknowledged the bridge's ibm.mq.max-unacknowledged, which MAXUMSGS must allow
     * @param maxPacketSize     the largest MQTT packet the bridge accepts (bridge.mqtt.max-packet-size),
     *                          which MAXMSGL must allow; 0 if not known
     */
    public static Report evaluate(QueueManagerFacts facts, int maxUnacknowledged, long maxPacketSize) {
        return evaluate(facts, maxUnacknowledged, maxPacketSize, DeviceIdentity.BRIDGE);
    }

    /**
     * Decides every check from the facts, with the device identity the bridge's user must have authority for.
     *
     * @param deviceIdentity ibm.mq.device-identity: other than {@code bridge} it needs ALTUSR (TBR0325E)
     */
    public static Report evaluate(QueueManagerFacts facts, int maxUnacknowledged, long maxPacketSize,
                                  DeviceIdentity deviceIdentity) {
        List<Finding> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int checked = 0;

        checked++;
        if (facts.transmitQueueType() == null) {
            failures.add(new Finding("TBR0065E", "the transmission queue " + MqObjectNames.TRANSMIT_QUEUE + " does not exist",
                    "DEFINE QLOCAL('" + MqObjectNames.TRANSMIT_QUEUE + "') USAGE(XMITQ) MAXDEPTH(100000) NOREPLACE"));
        } else if (facts.transmitQueueType() != CMQC.MQQT_LOCAL) {
            failures.add(new Finding("TBR0065E", MqObjectNames.TRANSMIT_QUEUE + " is not a local queue (queue type "
                    + facts.transmitQueueType() + ")", "DELETE " + queueKeyword(facts.transmitQueueType()) + "('"
                    + MqObjectNames.TRANSMIT_QUEUE + "') then DEFINE QLOCAL('" + MqObjectNames.TRANSMIT_QUEUE
                    + "') USAGE(XMITQ) MAXDEPTH(100000) NOREPLACE"));
        } else {
            checked++;
            if (facts.transmitQueueUsage() == null || facts.transmitQueueUsage() != CMQC.MQUS_TRANSMISSION) {
                failures.add(new Finding("TBR0066E", MqObjectNames.TRANSMIT_QUEUE + " is a normal queue, not a transmission"
                        + " queue, so the queue manager will not route messages for devices to it",
                        "ALTER QLOCAL('" + MqObjectNames.TRANSMIT_QUEUE + "') USAGE(XMITQ)"));
            }
        }

        checked++;
        if (!MqObjectNames.TRANSMIT_QUEUE.equals(facts.defaultTransmitQueue())) {
            String now = facts.defaultTransmitQueue() == null || facts.defaultTransmitQueue().isEmpty()
                    ? "not set" : "'" + facts.defaultTransmitQueue() + "'";
            failures.add(new Finding("TBR0067E", "the default transmission queue (DEFXMITQ) is " + now
                    + ", so messages put to a device's client id do not reach the bridge",
                    "ALTER QMGR DEFXMITQ('" + MqObjectNames.TRANSMIT_QUEUE + "')"));
        }

        checked++;
        if (!facts.stateQueueExists()) {
            failures.add(new Finding("TBR0081E", "the queue " + MqObjectNames.SESSION_STATE_QUEUE + " that keeps persistent MQTT sessions"
                    + " does not exist", "DEFINE QLOCAL('" + MqObjectNames.SESSION_STATE_QUEUE + "') DEFPSIST(YES) NOREPLACE"));
        }

        checked++;
        int needed = Math.max(maxUnacknowledged, PUBLISHER_UNIT_OF_WORK);
        if (facts.maxUncommitted() != null && facts.maxUncommitted() < needed) {
            failures.add(new Finding("TBR0080W", "MAXUMSGS is " + facts.maxUncommitted() + ", below the "
                    + needed + " uncommitted messages one bridge session may hold (ibm.mq.max-unacknowledged)",
                    "ALTER QMGR MAXUMSGS(" + Math.max(10_000, needed) + ")"));
        }

        checked++;
        if (facts.deadLetterQueue() == null || facts.deadLetterQueue().isEmpty()) {
            failures.add(new Finding("TBR0082W", "no dead-letter queue (DEADQ) is set: messages for unknown"
                    + " devices cannot be dead-lettered", "DEFINE QLOCAL('" + MqObjectNames.DEAD_LETTER_QUEUE
                    + "') NOREPLACE and ALTER QMGR DEADQ('" + MqObjectNames.DEAD_LETTER_QUEUE + "')"));
        }

        checked += DayOneChecks.evaluate(facts, maxPacketSize, failures);
        checked += MqTelemetryChecks.evaluate(facts.mqTelemetry(), failures);
        checked += DeviceIdentityChecks.evaluate(deviceIdentity, facts, failures);
        checked += ActiveLockChecks.evaluate(facts.activeLock(), facts.user(), failures);
        checked += BridgeQueueChecks.evaluate(facts, maxPacketSize, failures);

        if (facts.user() == null || facts.user().isEmpty()) {
            skipped.add("authorities: ibm.mq.user is empty, so the principal the channel runs as is not known here;"
                    + " check it has GET, BROWSE, INQ, PUT on " + MqObjectNames.TRANSMIT_QUEUE + " and PUB, SUB on " + MqObjectNames.BASE_TOPIC);
        } else {
            checked++;
            String missingQueue = missing(QUEUE_AUTHORITIES, facts.transmitQueueAuthorities());
            if (!missingQueue.isEmpty()) {
                failures.add(new Finding("TBR0068E", "user '" + facts.user() + "' may not " + missingQueue
                        + " on " + MqObjectNames.TRANSMIT_QUEUE, "SET AUTHREC PROFILE('" + MqObjectNames.TRANSMIT_QUEUE
                        + "') OBJTYPE(QUEUE) PRINCIPAL('" + facts.user() + "') AUTHADD(" + missingQueue + ")"));
            }
            checked++;
            String missingTopic = missing(TOPIC_AUTHORITIES, facts.topicAuthorities());
            if (!missingTopic.isEmpty()) {
                failures.add(new Finding("TBR0069E", "user '" + facts.user() + "' may not " + missingTopic
                        + " under " + MqObjectNames.BASE_TOPIC, "SET AUTHREC PROFILE('" + MqObjectNames.BASE_TOPIC
                        + "') OBJTYPE(TOPIC) PRINCIPAL('" + facts.user() + "') AUTHADD(" + missingTopic + ")"));
            }
        }
        return new Report(checked, List.copyOf(failures), List.copyOf(skipped));
    }

    /** The MQSC names of the needed authorities the user lacks, comma-separated; empty if none. */
    static String missing(Map<Integer, String> needed, Set<Integer> held) {
        Set<Integer> has = held == null ? Set.of() : held;
        if (has.contains(CMQCFC.MQAUTH_ALL)) {
            return "";
        }
        return needed.entrySet().stream().filter(e -> !has.contains(e.getKey())).map(Map.Entry::getValue)
                .collect(Collectors.joining(","));
    }

    private static String queueKeyword(int queueType) {
        return switch (queueType) {
            case CMQC.MQQT_ALIAS -> "QALIAS";
            case CMQC.MQQT_REMOTE -> "QREMOTE";
            case CMQC.MQQT_MODEL -> "QMODEL";
            default -> "QUEUE";
        };
    }

    static Map<Integer, String> ordered(Object... pairs) {
        Map<Integer, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        return map;
    }

    /** Logs a report: one line per failed check, with its id and fix, or one line saying all passed. */
    public static void log(String queueManager, Report report) {
        report.failures().forEach(f -> BridgeLog.queueManagerCheckFailed(f.messageId(), queueManager, f.problem(),
                f.mqsc()));
        report.skipped().forEach(reason -> BridgeLog.queueManagerChecksNotRun(queueManager, reason));
        if (report.passed()) {
            BridgeLog.queueManagerChecksPassed(queueManager, report.checked());
        }
    }

    /** Runs the checks each time the backend connects, on a thread of its own so connecting is not delayed. */
    public static final class OnConnect implements BackendListener {

        private final IbmMqDialect dialect;
        private final IbmMqSettings settings;
        private final boolean report;
        private final long maxPacketSize;

        /**
         * @param dialect told what was learned (MAXHANDS, DEADQ), which the bridge needs whether or not
         *                the checks are reported
         * @param report  whether to log the checks' findings (ibm.mq.startup-checks)
         * @param maxPacketSize bridge.mqtt.max-packet-size, which MAXMSGL must allow
         */
        public OnConnect(IbmMqDialect dialect, boolean report, long maxPacketSize) {
            this.dialect = dialect;
            this.settings = dialect.settings();
            this.report = report;
            this.maxPacketSize = maxPacketSize;
        }

        @Override
        public void connected() {
            Thread thread = new Thread(this::runChecks, "tb-qmgr-checks");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void lost() {
        }

        private void runChecks() {
            try {
                QueueManagerFacts facts = QueueManagerInquiry.inquire(settings);
                dialect.learned(facts);
                if (report) {
                    log(settings.queueManager(), evaluate(facts, settings.maxUnacknowledged(), maxPacketSize,
                            settings.deviceIdentity()));
                }
            } catch (QueueManagerInquiry.InquiryException e) {
                BridgeLog.queueManagerChecksNotRun(settings.queueManager(), e.getMessage());
            }
        }
    }
}
