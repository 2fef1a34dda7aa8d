package org.telemetrybridge.bench.load;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Decides when the next message may be sent: never while {@code window} deliveries are still on
 * their way (so "as fast as possible" measures the server, not an ever-growing client-side queue),
 * and, with a fixed rate, not before its slot in the schedule.
 */
public final class Pacer {

    private final Semaphore inFlight;
    private final long intervalNanos;
    private final AtomicLong slots = new AtomicLong();
    private volatile long startNanos;

    /**
     * @param ratePerSecond messages per second over all publishers; 0 for as fast as the window allows
     * @param window        deliveries sent but not yet received, at most
     */
    public Pacer(int ratePerSecond, int window) {
        this.inFlight = new Semaphore(window);
        this.intervalNanos = ratePerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / ratePerSecond : 0;
    }

    public void start() {
        startNanos = System.nanoTime();
    }

    /**
     * Waits until a message that will be delivered {@code deliveries} times may be sent.
     *
     * @return false if the deadline passed first
     */
    public boolean awaitTurn(int deliveries, long deadlineNanos) throws InterruptedException {
        while (!inFlight.tryAcquire(deliveries, 50, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
        }
        if (intervalNanos > 0) {
            long due = startNanos + slots.getAndIncrement() * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return true;
    }

    /** One delivery arrived (or a send failed): its place in the window is free again. */
    public void delivered() {
        inFlight.release();
    }

    public void released(int deliveries) {
        inFlight.release(deliveries);
    }
}
