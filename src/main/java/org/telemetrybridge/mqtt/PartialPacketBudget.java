package org.telemetrybridge.mqtt;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The memory that packets still arriving may hold together, across all connections: every byte a
 * client has sent of a packet it has not finished is charged here until the packet is complete or
 * the connection ends. Without it, a few hundred clients that each send all but the last byte of a
 * large packet pin gigabytes of direct memory.
 */
final class PartialPacketBudget {

    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final LongAdder refusals = new LongAdder();

    PartialPacketBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the partial packet budget must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** Charges {@code bytes} more; false (and nothing charged) if that would exceed the budget. */
    boolean tryCharge(long bytes) {
        while (true) {
            long now = held.get();
            long next = now + bytes;
            if (next > limit) {
                refusals.increment();
                return false;
            }
            if (held.compareAndSet(now, next)) {
                peak.accumulateAndGet(next, Math::max);
                return true;
            }
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long limit() {
        return limit;
    }

    long held() {
        return held.get();
    }

    /** The most ever held at once since start. */
    long peak() {
        return peak.get();
    }

    /** Connections closed because their partial packet did not fit in the budget. */
    long refusals() {
        return refusals.sum();
    }
}
