package org.telemetrybridge.backend.ibmmq;

import java.util.Set;

/**
 * What the inquiry learned of the queues the bridge reads and writes besides the transmission queue: the
 * held queue, the user's authorities on it and on the state queue, and the MAXMSGL of the transmission and
 * dead-letter queues.
 *
 * @param heldQueueExists                 whether TBRIDGE.HELD.QUEUE exists; null if not inquired
 * @param stateQueueAuthorities           MQAUTH_* the bridge's user has on SYSTEM.MQTT.PERSISTENT.STATE; null if not inquired
 * @param heldQueueAuthorities            the same on TBRIDGE.HELD.QUEUE; null if not inquired
 * @param transmitQueueMaxMessageLength   MAXMSGL of SYSTEM.MQTT.TRANSMIT.QUEUE; null if not inquired
 * @param deadLetterQueueMaxMessageLength MAXMSGL of the DEADQ; null if not inquired or there is none
 */
public record BridgeQueueFacts(Boolean heldQueueExists, Set<Integer> stateQueueAuthorities,
                               Set<Integer> heldQueueAuthorities, Integer transmitQueueMaxMessageLength,
                               Integer deadLetterQueueMaxMessageLength) {

    public static final BridgeQueueFacts NOT_INQUIRED = new BridgeQueueFacts(null, null, null, null, null);
}
