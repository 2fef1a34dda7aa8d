package org.telemetrybridge.session;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A will waiting out its MQTT 5 Will Delay Interval. It goes when the delay has passed or the session
 * ends, whichever comes first, and not at all if the client is back to its session before
 * [MQTT-3.1.3-9]: then the timer is cancelled, so a will delayed for days holds no memory and no task
 * once its client is back.
 */
final class DelayedWill {

    /** One timer thread for all delayed wills; cancelled timers leave its queue at once. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final AtomicBoolean settled = new AtomicBoolean();
    private final Runnable publish;
    private final ScheduledFuture<?> timer;

    private DelayedWill(Runnable publish, long delaySeconds, Executor executor) {
        this.publish = publish;
        this.timer = TIMER.schedule(() -> executor.execute(this::publishNow), delaySeconds, TimeUnit.SECONDS);
    }

    /** Publishes (with {@code publish}, on {@code executor}) after {@code delaySeconds}, unless cancelled. */
    static DelayedWill schedule(Runnable publish, long delaySeconds, Executor executor) {
        return new DelayedWill(publish, delaySeconds, executor);
    }

    /** The client is back to its session: the will is not published [MQTT-3.1.3-9]. */
    void cancel() {
        if (settled.compareAndSet(false, true)) {
            timer.cancel(false);
        }
    }

    /** The session ended before the delay passed: the will goes now [MQTT-3.1.3-9]. */
    void publishNow() {
        if (settled.compareAndSet(false, true)) {
            timer.cancel(false);
            publish.run();
        }
    }

    /** Neither published nor cancelled yet. */
    boolean pending() {
        return !settled.get();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tb-will-delay");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
