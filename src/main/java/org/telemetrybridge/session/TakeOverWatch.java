package org.telemetrybridge.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.telemetrybridge.log.BridgeLog;

/**
 * Notices client identifiers that flap: two devices (or a device and a forgotten copy of its
 * configuration) with the same client id knock each other off again and again, each reconnecting
 * as soon as it is taken over. MQ Telemetry let that run forever (and leaked memory on it, APAR
 * IT28897). Here {@code count} take-overs of one id within {@code window} make it flapping: one
 * line names both addresses, a counter counts it, and, with a hold-off configured, the id is held
 * for that long: a connect that would take over the connected client is refused meanwhile, so the
 * client that is connected stays connected.
 */
public final class TakeOverWatch {

    /**
     * @param count   take-overs of one client id within the window that make it flapping
     * @param window  the time the take-overs are counted in
     * @param holdOff how long a flapping id cannot be taken over; zero only reports
     */
    public record Settings(int count, Duration window, Duration holdOff) {

        public static final Settings DEFAULTS = new Settings(5, Duration.ofSeconds(60), Duration.ZERO);

        public Settings {
            if (count < 2) {
                throw new IllegalArgumentException("take-overs that make a client id flapping must be 2 or more, was "
                        + count);
            }
        }
    }

    /** Client ids with a take-over in the window, at most; the least recently taken over are forgotten first. */
    static final int MAX_TRACKED_IDS = 10_000;

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final LongAdder takeOvers = new LongAdder();
    private final LongAdder flappingIds = new LongAdder();
    private final Map<String, History> histories = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, History> eldest) {
            return size() > MAX_TRACKED_IDS;
        }
    };

    public TakeOverWatch(Settings settings) {
        this(settings, System::nanoTime);
    }

    TakeOverWatch(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** The take-overs of one client id within the window, and whether it is in a flapping episode. */
    private static final class History {
        final Deque<Long> times = new ArrayDeque<>();
        boolean flapping;
        long heldUntil;
    }

    /** A connection from {@code newRemote} took client id {@code clientId} over from {@code oldRemote}. */
    public synchronized void tookOver(String clientId, String oldRemote, String newRemote) {
        takeOvers.increment();
        long now = nanoTime.getAsLong();
        History history = histories.computeIfAbsent(clientId, id -> new History());
        history.times.addLast(now);
        long windowStart = now - settings.window().toNanos();
        while (!history.times.isEmpty() && history.times.peekFirst() - windowStart < 0) {
            history.times.removeFirst();
        }
        while (history.times.size() > settings.count()) {
            history.times.removeFirst();
        }
        if (history.times.size() < settings.count()) {
            history.flapping = false;
            return;
        }
        if (!history.flapping) {
            history.flapping = true;
            flappingIds.increment();
            BridgeLog.clientIdFlapping(clientId, settings.count(), settings.window(), oldRemote, newRemote,
                    settings.holdOff());
        }
        if (!settings.holdOff().isZero()) {
            history.heldUntil = now + settings.holdOff().toNanos();
        }
    }

    /** Whether a connect may not take client id {@code clientId} over now: it flapped and is held off. */
    public synchronized boolean heldOff(String clientId) {
        History history = histories.get(clientId);
        return history != null && history.heldUntil != 0 && nanoTime.getAsLong() - history.heldUntil < 0;
    }

    /** Take-overs since start. */
    public long takeOvers() {
        return takeOvers.sum();
    }

    /** Times a client id started flapping, since start. */
    public long flappingIds() {
        return flappingIds.sum();
    }

    /** Client ids tracked now (bounded by {@link #MAX_TRACKED_IDS}). */
    synchronized int tracked() {
        return histories.size();
    }
}
