package org.telemetrybridge.backend.ibmmq;

import java.util.Set;

/**
 * What the start-up checks learned from the queue manager (by PCF), the input of their decision
 * logic. A null field was not inquired (or could not be).
 *
 * @param queueManager          the queue manager's name
 * @param transmitQueueType     MQQT_* of SYSTEM.MQTT.TRANSMIT.QUEUE, or null if there is no such queue
 * @param transmitQueueUsage    MQUS_* of it, or null if not a local queue
 * @param defaultTransmitQueue  the queue manager's DEFXMITQ, trimmed
 * @param deadLetterQueue       the queue manager's DEADQ, trimmed
 * @param maxUncommitted        the queue manager's MAXUMSGS
 * @param stateQueueExists      whether SYSTEM.MQTT.PERSISTENT.STATE exists
 * @param user                  the principal whose authority was inquired; null if none is configured
 * @param transmitQueueAuthorities MQAUTH_* the user has on SYSTEM.MQTT.TRANSMIT.QUEUE
 * @param topicAuthorities      MQAUTH_* the user has on SYSTEM.BASE.TOPIC
 * @param limits                limits and settings beyond the bridge's own objects (MAXHANDS, DEADQ, channel ...)
 * @param mqTelemetry           whether MQ Telemetry (MQXR) still serves devices there
 * @param activeLock            TBRIDGE.ACTIVE, the active/standby lock queue
 * @param bridgeQueues          the held queue, the state queue's authorities, the queues' MAXMSGL
 */
public record QueueManagerFacts(String queueManager, Integer transmitQueueType, Integer transmitQueueUsage,
                                String defaultTransmitQueue, String deadLetterQueue, Integer maxUncommitted,
                                boolean stateQueueExists, String user, Set<Integer> transmitQueueAuthorities,
                                Set<Integer> topicAuthorities, QueueManagerLimits limits,
                                MqTelemetryFacts mqTelemetry, ActiveLockFacts activeLock, BridgeQueueFacts bridgeQueues) {

    /** Facts without the bridge's other queues' (not inquired). */
    public QueueManagerFacts(String queueManager, Integer transmitQueueType, Integer transmitQueueUsage,
                             String defaultTransmitQueue, String deadLetterQueue, Integer maxUncommitted,
                             boolean stateQueueExists, String user, Set<Integer> transmitQueueAuthorities,
                             Set<Integer> topicAuthorities, QueueManagerLimits limits, MqTelemetryFacts mqTelemetry,
                             ActiveLockFacts activeLock) {
        this(queueManager, transmitQueueType, transmitQueueUsage, defaultTransmitQueue, deadLetterQueue,
                maxUncommitted, stateQueueExists, user, transmitQueueAuthorities, topicAuthorities, limits,
                mqTelemetry, activeLock, BridgeQueueFacts.NOT_INQUIRED);
    }

    /** Facts without the lock queue's (not inquired). */
    public QueueManagerFacts(String queueManager, Integer transmitQueueType, Integer transmitQueueUsage,
                             String defaultTransmitQueue, String deadLetterQueue, Integer maxUncommitted,
                             boolean stateQueueExists, String user, Set<Integer> transmitQueueAuthorities,
                             Set<Integer> topicAuthorities, QueueManagerLimits limits, MqTelemetryFacts mqTelemetry) {
        this(queueManager, transmitQueueType, transmitQueueUsage, defaultTransmitQueue, deadLetterQueue,
                maxUncommitted, stateQueueExists, user, transmitQueueAuthorities, topicAuthorities, limits,
                mqTelemetry, ActiveLockFacts.NOT_INQUIRED);
    }

    /** Facts without MQ Telemetry's (not inquired). */
    public QueueManagerFacts(String queueManager, Integer transmitQueueType, Integer transmitQueueUsage,
                             String defaultTransmitQueue, String deadLetterQueue, Integer maxUncommitted,
                             boolean stateQueueExists, String user, Set<Integer> transmitQueueAuthorities,
                             Set<Integer> topicAuthorities, QueueManagerLimits limits) {
        this(queueManager, transmitQueueType, transmitQueueUsage, defaultTransmitQueue, deadLetterQueue,
                maxUncommitted, stateQueueExists, user, transmitQueueAuthorities, topicAuthorities, limits,
                MqTelemetryFacts.NOT_INQUIRED);
    }

    /** Facts without the limits (not inquired). */
    public QueueManagerFacts(String queueManager, Integer transmitQueueType, Integer transmitQueueUsage,
                             String defaultTransmitQueue, String deadLetterQueue, Integer maxUncommitted,
                             boolean stateQueueExists, String user, Set<Integer> transmitQueueAuthorities,
                             Set<Integer> topicAuthorities) {
        this(queueManager, transmitQueueType, transmitQueueUsage, defaultTransmitQueue, deadLetterQueue,
                maxUncommitted, stateQueueExists, user, transmitQueueAuthorities, topicAuthorities,
                QueueManagerLimits.NOT_INQUIRED);
    }
}
