package org.telemetrybridge.backend.ibmmq;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.ibm.mq.constants.CMQCFC;

import org.telemetrybridge.backend.MqObjectNames;

/**
 * Checks of the queues the bridge uses besides the transmission queue: the held queue exists, the bridge's
 * user may read and write it and the state queue, the transmission queue takes the largest message the bridge
 * delivers, and the dead-letter queue the dead letter of the largest message the transmission queue takes.
 */
final class BridgeQueueChecks {

    /** An MQXQH: its own 104 bytes and the MQMD (version 1) it carries. */
    static final int XQH_BYTES = 428;
    /** An MQDLH, which a dead letter carries in front of the data. */
    static final int DLH_BYTES = 172;
    /** The largest MAXMSGL MQ allows: 100 MB. */
    static final long MQ_LARGEST_MAXMSGL = 104_857_600;

    /** What the bridge does on the state and held queues, as 40-bridge-authorities.mqsc grants it. */
    private static final Map<Integer, String> READ_WRITE = QueueManagerChecks.ordered(CMQCFC.MQAUTH_INPUT, "GET",
            CMQCFC.MQAUTH_BROWSE, "BROWSE", CMQCFC.MQAUTH_OUTPUT, "PUT", CMQCFC.MQAUTH_INQUIRE, "INQ");

    private BridgeQueueChecks() {
    }

    /** Adds the failed checks; returns how many checks ran. */
    static int evaluate(QueueManagerFacts facts, long maxPacketSize, List<QueueManagerChecks.Finding> failures) {
        BridgeQueueFacts queues = facts.bridgeQueues();
        if (queues == null || queues == BridgeQueueFacts.NOT_INQUIRED) {
            return 0;
        }
        int checked = 0;
        if (queues.heldQueueExists() != null) {
            checked++;
            if (!queues.heldQueueExists()) {
                failures.add(new QueueManagerChecks.Finding("TBR0330E", "the queue " + MqObjectNames.HELD_QUEUE
                        + " that keeps messages for absent devices does not exist: messages for them cannot be held",
                        "DEFINE QLOCAL('" + MqObjectNames.HELD_QUEUE + "') DEFPSIST(YES) MAXDEPTH(100000) NOREPLACE"));
            }
        }
        checked += authorities(facts.user(), MqObjectNames.SESSION_STATE_QUEUE, queues.stateQueueAuthorities(), failures);
        checked += authorities(facts.user(), MqObjectNames.HELD_QUEUE, queues.heldQueueAuthorities(), failures);
        Integer transmitMax = queues.transmitQueueMaxMessageLength();
        if (maxPacketSize > 0) {
            checked += maxMessageLength(MqObjectNames.TRANSMIT_QUEUE, transmitMax, maxPacketSize,
                    "bridge.mqtt.max-packet-size: MQ refuses messages for devices that the bridge would deliver",
                    maxPacketSize + XQH_BYTES, failures);
        }
        if (transmitMax != null) {
            long deadLetter = (long) transmitMax - XQH_BYTES + DLH_BYTES;
            checked += maxMessageLength(facts.deadLetterQueue(), queues.deadLetterQueueMaxMessageLength(), deadLetter,
                    "the dead letter of the largest message " + MqObjectNames.TRANSMIT_QUEUE + " takes (its MAXMSGL,"
                            + " less the MQXQH, plus an MQDLH): a dead letter it refuses stops the drain (TBR0044E)",
                    deadLetter, failures);
        }
        return checked;
    }

    private static int authorities(String user, String queue, Set<Integer> held, List<QueueManagerChecks.Finding> failures) {
        if (user == null || held == null) {
            return 0;
        }
        String missing = QueueManagerChecks.missing(READ_WRITE, held);
        if (!missing.isEmpty()) {
            failures.add(new QueueManagerChecks.Finding("TBR0331E", "user '" + user + "' may not " + missing
                    + " on " + queue, "SET AUTHREC PROFILE('" + queue + "') OBJTYPE(QUEUE) PRINCIPAL('" + user
                    + "') AUTHADD(" + missing + ")"));
        }
        return 1;
    }

    private static int maxMessageLength(String queue, Integer maxMessageLength, long needed, String why, long fix,
                                        List<QueueManagerChecks.Finding> failures) {
        if (queue == null || queue.isEmpty() || maxMessageLength == null) {
            return 0;
        }
        if (maxMessageLength < needed) {
            failures.add(new QueueManagerChecks.Finding("TBR0332W", "MAXMSGL of " + queue + " is " + maxMessageLength
                    + " bytes, below the " + needed + " bytes of " + why, "ALTER QLOCAL('" + queue + "') MAXMSGL("
                    + Math.min(MQ_LARGEST_MAXMSGL, fix) + ")"));
        }
        return 1;
    }
}
