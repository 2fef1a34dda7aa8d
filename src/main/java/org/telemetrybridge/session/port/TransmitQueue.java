package org.telemetrybridge.session.port;

import java.util.Map;

/**
 * SYSTEM.MQTT.TRANSMIT.QUEUE and the held-messages queue: messages for one client each. A message
 * leaves the transmit queue only once delivered (acknowledged by the client), held for its client,
 * or dead-lettered, each in a transaction or after the step that makes it safe: a crash of the
 * bridge means redelivery, never loss.
 */
public interface TransmitQueue {

    /** Starts draining the transmit queue, asking the router where each message goes. */
    void start(TransmitRouter router);

    void stop();

    /**
     * Starts delivering one client's held messages, oldest first, to the sink. Each delivery's
     * acknowledgement removes it from the held queue; closing returns unacknowledged ones.
     */
    BackendSubscription openHeld(String clientId, DeliverySink sink);

    /** Moves all held messages of a client to the dead-letter queue; returns how many. Blocks. */
    int deadLetterHeld(String clientId, UndeliverableReason reason);

    /**
     * Removes all held messages of a client without dead-lettering them; returns how many. Blocks. An
     * implementation that cannot discard dead-letters them instead.
     */
    default int discardHeld(String clientId) {
        return deadLetterHeld(clientId, UndeliverableReason.SESSION_REMOVED);
    }

    /** The number of held messages per client, as stored by earlier runs. Blocks. */
    Map<String, Integer> heldCounts();
}
