package org.telemetrybridge.backend.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.mqsc.MqscCommand;
import org.telemetrybridge.mqsc.MqscProblem;
import org.telemetrybridge.mqsc.MqscScript;

/**
 * Applies the MQSC scripts an IBM MQ queue manager gets to the embedded stand-in, so both hold the same
 * queues: a local queue becomes a durable anycast Artemis queue, and DEFXMITQ is noted. Channels,
 * channel authentication and authority records have no Artemis meaning; each kind of command ignored is
 * logged once, with the reason. Like runmqsc, a command that cannot be applied is reported and the
 * others still run.
 */
final class MqscApplier {

    private static final Map<String, String> WHY_IGNORED = Map.of(
            "CHANNEL", "the embedded stand-in has no channels: the bridge reaches it in-VM, local JMS applications"
                    + " through bridge.embedded.jms-port",
            "CHLAUTH", "channel authentication rules need channels, which the embedded stand-in does not have",
            "AUTHREC", "the embedded stand-in runs without security (its JMS acceptor listens on loopback);"
                    + " authority records matter on IBM MQ only",
            "TOPIC", "topic objects set attributes of a part of the MQ topic tree; Artemis creates a topic's address"
                    + " when it is first used",
            "QREMOTE", "remote queue definitions are not implemented by the embedded stand-in",
            "QALIAS", "alias queues are not implemented by the embedded stand-in; define a QLOCAL instead",
            "QMODEL", "model queues are not implemented by the embedded stand-in; Artemis creates temporary queues"
                    + " itself",
            "QMGR", "the embedded stand-in takes only DEFXMITQ from ALTER QMGR");

    private static final String WHY_IGNORED_OTHERWISE = "only DEFINE, ALTER and DELETE of QLOCAL and ALTER QMGR"
            + " DEFXMITQ change the embedded stand-in";

    private final ActiveMQServer server;
    /** Queues the embedded broker configures itself (last-value queues, dead letters); scripts never replace them. */
    private final Set<String> builtInQueues;
    /** Ignored commands by kind and reason, so each is logged once. */
    private final Map<String, Ignored> ignored = new LinkedHashMap<>();
    private int applied;
    private String defaultTransmitQueue = "";

    private MqscApplier(ActiveMQServer server, Set<String> builtInQueues) {
        this.server = server;
        this.builtInQueues = builtInQueues;
    }

    /**
     * Logs every problem of the scripts; fails if any is an error, before anything is applied, as the
     * stand-in must not start with half of a script an administrator got wrong.
     */
    static void check(List<MqscScript> scripts) {
        boolean errors = false;
        for (MqscScript script : scripts) {
            for (MqscProblem problem : script.problems()) {
                if (problem.isError()) {
                    BridgeLog.mqscError(problem.location().toString(), problem.message());
                    errors = true;
                } else {
                    BridgeLog.mqscWarning(problem.location().toString(), problem.message());
                }
            }
        }
        if (errors) {
            throw new IllegalStateException("The MQSC scripts have errors (TBR0072E above); the embedded stand-in"
                    + " does not start with them");
        }
    }

    /** Applies the commands in order and returns the DEFXMITQ they set (empty if none). */
    static String apply(ActiveMQServer server, Set<String> builtInQueues, List<MqscScript> scripts, String source) {
        MqscApplier applier = new MqscApplier(server, builtInQueues);
        for (MqscScript script : scripts) {
            script.commands().forEach(applier::apply);
        }
        applier.ignored.values().forEach(entry -> BridgeLog.mqscIgnored(entry.kind, entry.count, entry.first, entry.reason));
        int ignoredCount = applier.ignored.values().stream().mapToInt(entry -> entry.count).sum();
        BridgeLog.mqscApplied(source, scripts.size(), applier.applied, ignoredCount);
        return applier.defaultTransmitQueue;
    }

    private void apply(MqscCommand command) {
        try {
            boolean done = switch (command.kind()) {
                case "DEFINE QLOCAL" -> defineLocalQueue(command);
                case "ALTER QLOCAL" -> alterLocalQueue(command);
                case "DELETE QLOCAL" -> deleteLocalQueue(command);
                case "ALTER QMGR" -> alterQueueManager(command);
                default -> ignore(command, WHY_IGNORED.getOrDefault(command.objectType(), WHY_IGNORED_OTHERWISE));
            };
            if (done) {
                applied++;
            }
        } catch (Exception e) {
            fail(command, e.toString());
        }
    }

    /**
     * REPLACE of an existing queue keeps it and its messages, as on MQ; its attributes have no Artemis
     * form. NOREPLACE of an existing queue keeps it as it is: on MQ the command reports that the object
     * exists (MQRCCF_OBJECT_ALREADY_EXISTS), which is what a script meant to run at every start asks
     * for, so the stand-in does not report it. Without either, an existing queue fails the command.
     */
    private boolean defineLocalQueue(MqscCommand command) throws Exception {
        Queue existing = server.locateQueue(command.name());
        if (existing != null) {
            if (!command.has("REPLACE") && !command.has("NOREPLACE") && !builtInQueues.contains(command.name())) {
                return fail(command, "the queue exists and the command has neither REPLACE nor NOREPLACE");
            }
            return true;
        }
        server.createQueue(QueueConfiguration.of(command.name()).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true).setAutoCreateAddress(true));
        return true;
    }

    private boolean alterLocalQueue(MqscCommand command) {
        return server.locateQueue(command.name()) != null || fail(command, "there is no such queue");
    }

    private boolean deleteLocalQueue(MqscCommand command) throws Exception {
        if (builtInQueues.contains(command.name())) {
            return ignore(command, "the embedded stand-in needs " + command.name() + " and keeps it");
        }
        Queue queue = server.locateQueue(command.name());
        if (queue == null) {
            return fail(command, "there is no such queue");
        }
        if (queue.getMessageCount() > 0 && !command.has("PURGE")) {
            return fail(command, "the queue holds " + queue.getMessageCount() + " messages; add PURGE to delete them");
        }
        server.destroyQueue(SimpleString.of(command.name()), null, true);
        return true;
    }

    private boolean alterQueueManager(MqscCommand command) {
        if (!command.has("DEFXMITQ")) {
            return ignore(command, WHY_IGNORED.get("QMGR"));
        }
        defaultTransmitQueue = command.value("DEFXMITQ").orElse("").strip();
        if (!defaultTransmitQueue.isEmpty() && !defaultTransmitQueue.equals(MqObjectNames.TRANSMIT_QUEUE)) {
            BridgeLog.mqscOtherTransmitQueue(command.location().toString(), defaultTransmitQueue, MqObjectNames.TRANSMIT_QUEUE);
        }
        return true;
    }

    private boolean ignore(MqscCommand command, String reason) {
        ignored.computeIfAbsent(command.kind() + '\n' + reason,
                key -> new Ignored(command.kind(), command.location().toString(), reason)).count++;
        return false;
    }

    private boolean fail(MqscCommand command, String reason) {
        String what = command.kind() + (command.name().isEmpty() ? "" : "('" + command.name() + "')");
        BridgeLog.mqscCommandFailed(command.location().toString(), what, reason);
        return false;
    }

    /** One kind of ignored command: how often, where first, and why. */
    private static final class Ignored {
        private final String kind;
        private final String first;
        private final String reason;
        private int count;

        Ignored(String kind, String first, String reason) {
            this.kind = kind;
            this.first = first;
            this.reason = reason;
        }
    }
}
