package org.telemetrybridge.backend.jms;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * A back-off that never gives up: a bridge is useless without its backend (or, standing by, without the
 * active lock), so when a bounded back-off runs out it starts again. Used by one thread at a time.
 */
final class EndlessBackOff {

    private final BackOff backOff;
    private BackOffExecution execution;

    EndlessBackOff(BackOff backOff) {
        this.backOff = backOff;
    }

    /** Milliseconds until the next attempt. */
    long nextDelay() {
        if (execution == null) {
            execution = backOff.start();
        }
        long delay = execution.nextBackOff();
        if (delay == BackOffExecution.STOP) {
            execution = backOff.start();
            delay = execution.nextBackOff();
        }
        return Math.max(0, delay);
    }

    /** The attempt succeeded: the next failure starts from the first interval again. */
    void reset() {
        execution = null;
    }
}
