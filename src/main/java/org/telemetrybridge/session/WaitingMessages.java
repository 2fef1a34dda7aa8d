package org.telemetrybridge.session;

/**
 * What becomes of the messages held for a client whose session is removed (purged, expired) or who has
 * none (a leftover): {@code bridge.clean-up.waiting-messages}.
 */
public enum WaitingMessages {
    /** Moved to the dead-letter queue with the reason, where an MQ administrator looks for them. */
    DEAD_LETTER,
    /** Removed, counted and logged only. */
    DISCARD
}
