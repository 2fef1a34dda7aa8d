package org.telemetrybridge.backend.ibmmq;

import java.util.List;

import com.ibm.mq.constants.CMQC;

/**
 * The checks that MQ Telemetry (MQXR) no longer serves devices: its service and the bridge would both
 * drain SYSTEM.MQTT.TRANSMIT.QUEUE, each taking the other's devices' messages, and both would answer
 * MQTT on their ports. Warnings, not errors: during a migration both may run for a while on purpose.
 */
final class MqTelemetryChecks {

    private MqTelemetryChecks() {
    }

    /** Adds the failed checks; returns how many checks ran. */
    static int evaluate(MqTelemetryFacts facts, List<QueueManagerChecks.Finding> failures) {
        if (facts == null || facts == MqTelemetryFacts.NOT_INQUIRED) {
            return 0;
        }
        int checked = 1;
        Integer status = facts.serviceStatus();
        if (status != null && status != CMQC.MQSVC_STATUS_STOPPED) {
            failures.add(new QueueManagerChecks.Finding("TBR0322W", "the MQ Telemetry service "
                    + MqTelemetryFacts.SERVICE + " is " + statusName(status) + ": it drains "
                    + "SYSTEM.MQTT.TRANSMIT.QUEUE as the bridge does, so devices on either lose messages to the"
                    + " other", "STOP SERVICE(" + MqTelemetryFacts.SERVICE + ") and ALTER SERVICE("
                    + MqTelemetryFacts.SERVICE + ") CONTROL(MANUAL)"));
        }
        boolean running = status != null && status != CMQC.MQSVC_STATUS_STOPPED;
        if (!running && facts.startMode() != null) {
            checked++;
            if (facts.startMode() != CMQC.MQSVC_CONTROL_MANUAL) {
                failures.add(new QueueManagerChecks.Finding("TBR0329W", "the MQ Telemetry service "
                        + MqTelemetryFacts.SERVICE + " is stopped but starts again with the queue manager (CONTROL("
                        + (facts.startMode() == CMQC.MQSVC_CONTROL_Q_MGR ? "QMGR" : "STARTONLY") + ")), and then"
                        + " drains SYSTEM.MQTT.TRANSMIT.QUEUE beside the bridge", "ALTER SERVICE("
                        + MqTelemetryFacts.SERVICE + ") CONTROL(MANUAL)"));
            }
        }
        if (!facts.mqttChannels().isEmpty()) {
            checked++;
            String channels = String.join(", ", facts.mqttChannels());
            String first = facts.mqttChannels().get(0).split(" ")[0];
            failures.add(new QueueManagerChecks.Finding("TBR0323W", "MQ Telemetry channels are defined (" + channels
                    + "): while the MQ Telemetry service runs they accept devices beside the bridge",
                    "STOP CHANNEL('" + first + "') CHLTYPE(MQTT) (each of them) and, once the devices use the bridge,"
                            + " DELETE CHANNEL('" + first + "') CHLTYPE(MQTT)"));
        }
        return checked;
    }

    private static String statusName(int status) {
        return switch (status) {
            case CMQC.MQSVC_STATUS_STARTING -> "starting";
            case CMQC.MQSVC_STATUS_RUNNING -> "running";
            case CMQC.MQSVC_STATUS_STOPPING -> "stopping";
            case CMQC.MQSVC_STATUS_RETRYING -> "retrying";
            default -> "in status " + status;
        };
    }
}
