package org.telemetrybridge.bench.measure;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import org.telemetrybridge.bench.load.Pacer;
import org.telemetrybridge.bench.load.Payload;

/**
 * Every message the receivers of one run got: latency (from the send time in the payload),
 * deliveries inside the measurement window, and per receiver and publisher the sequence numbers
 * seen, from which lost and duplicated messages are counted.
 */
public final class Deliveries {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Recorder latencyMicros = new Recorder(HIGHEST_MICROS, 3);
    private final LongAdder total = new LongAdder();
    private final LongAdder unique = new LongAdder();
    private final LongAdder inWindow = new LongAdder();
    private final Pacer pacer;
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;

    public Deliveries(Pacer pacer) {
        this.pacer = pacer;
    }

    /** One receiving client; its deliveries are recorded under its lock (one client, one stream). */
    public final class Receiver {
        private BitSet[] seenByPublisher = new BitSet[0];

        public void record(ByteBuffer body) {
            long now = System.nanoTime();
            int publisher = Payload.publisher(body);
            long sequence = Payload.sequence(body);
            long sent = Payload.sentNanos(body);
            boolean first;
            synchronized (this) {
                first = !seen(publisher).get((int) sequence);
                if (first) {
                    seen(publisher).set((int) sequence);
                }
            }
            total.increment();
            if (first) {
                unique.increment();
                pacer.delivered();
            }
            if (now < windowEndNanos) {
                // Throughput counts what arrived in the window, as the CPU figure does; latency
                // only messages also sent in it, so none carries the warm-up's queueing.
                if (now >= windowStartNanos) {
                    inWindow.increment();
                }
                if (sent >= windowStartNanos) {
                    latencyMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - sent) / 1000)));
                }
            }
        }

        private BitSet seen(int publisher) {
            if (publisher >= seenByPublisher.length) {
                BitSet[] grown = Arrays.copyOf(seenByPublisher, publisher + 1);
                for (int i = seenByPublisher.length; i < grown.length; i++) {
                    grown[i] = new BitSet();
                }
                seenByPublisher = grown;
            }
            return seenByPublisher[publisher];
        }
    }

    public Receiver newReceiver() {
        return new Receiver();
    }

    public List<Receiver> newReceivers(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Receiver()).toList();
    }

    /** Warm-up is over: from now on deliveries count and latencies are recorded. */
    public void openWindow() {
        latencyMicros.reset();
        windowStartNanos = System.nanoTime();
    }

    public void closeWindow() {
        windowEndNanos = System.nanoTime();
    }

    public Histogram latencies() {
        return latencyMicros.getIntervalHistogram();
    }

    public long inWindow() {
        return inWindow.sum();
    }

    public long total() {
        return total.sum();
    }

    public long unique() {
        return unique.sum();
    }
}
