package org.telemetrybridge.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.validation.annotation.Validated;

/**
 * High availability ({@code bridge.ha.*}): several bridges on one queue manager, one active.
 *
 * @param mode          {@code none} (the default): every bridge serves, as a single bridge needs no lock and
 *                      an existing queue manager has no lock queue until mqsc/60-high-availability.mqsc is
 *                      applied; {@code active-standby}: a bridge serves only while it holds the lock queue
 *                      TBRIDGE.ACTIVE open for exclusive input, the others wait (readiness DOWN, CONNECT
 *                      answered "server unavailable") and one takes over when it is free
 * @param retryInterval how often a standby bridge tries to take the lock: the take-over time is the time
 *                      the queue manager takes to notice the active bridge is gone plus at most this
 */
@Validated
@ConfigurationProperties("bridge.ha")
public record HaProperties(
        @DefaultValue("none") Mode mode,
        @DefaultValue("1s") Duration retryInterval) {

    /** How bridges on one queue manager share the work. */
    public enum Mode {
        /** Every bridge serves devices. */
        NONE,
        /** One bridge serves, the others stand by. */
        ACTIVE_STANDBY
    }

    /** A steady interval, with a little jitter so that two standby bridges do not ask in step. */
    public BackOff retryBackOff() {
        long interval = Math.max(100, retryInterval.toMillis());
        ExponentialBackOff backOff = new ExponentialBackOff(interval, 1.0);
        backOff.setMaxInterval(interval);
        backOff.setJitter(interval / 10);
        return backOff;
    }
}
