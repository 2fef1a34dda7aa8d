package org.telemetrybridge.bench.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import org.HdrHistogram.Histogram;

import org.telemetrybridge.bench.measure.Deliveries;
import org.telemetrybridge.bench.measure.Figure;

/**
 * Drives publishers through warm-up, the measured window and the drain, and turns what the
 * receivers saw into figures. Asynchronous (MQTT) publishers share one sending thread, taking turns;
 * each blocking (JMS) publisher gets its own.
 */
public final class LoadRun {

    private final LoadOptions options;
    private final Pacer pacer;
    private final Deliveries deliveries;
    private final DoubleSupplier serverCpuSeconds;
    private final AtomicLong expected = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();

    /** @param serverCpuSeconds the server's CPU time so far, or null when the server is unknown */
    public LoadRun(LoadOptions options, DoubleSupplier serverCpuSeconds) {
        this.options = options;
        this.pacer = new Pacer(options.rate, options.window);
        this.deliveries = new Deliveries(pacer);
        this.serverCpuSeconds = serverCpuSeconds;
    }

    /** Where receivers record what they get; create receivers before {@link #run}. */
    public Deliveries deliveries() {
        return deliveries;
    }

    public Map<Figure, Double> run(List<? extends Publisher> publishers) throws InterruptedException {
        long start = System.nanoTime();
        long windowOpens = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds);
        long windowCloses = windowOpens + TimeUnit.SECONDS.toNanos(options.durationSeconds);

        // A publisher's id is its index: receivers keep its sequence numbers under that id.
        List<Thread> senders = new ArrayList<>();
        List<Integer> shared = new ArrayList<>();
        for (int id = 0; id < publishers.size(); id++) {
            if (publishers.get(id).blocking()) {
                List<Integer> own = List.of(id);
                senders.add(Thread.ofPlatform().name("bench-send-" + id)
                        .unstarted(() -> send(publishers, own, windowCloses)));
            } else {
                shared.add(id);
            }
        }
        if (!shared.isEmpty()) {
            senders.add(Thread.ofPlatform().name("bench-send-mqtt")
                    .unstarted(() -> send(publishers, shared, windowCloses)));
        }
        pacer.start();
        senders.forEach(Thread::start);

        sleepUntil(windowOpens);
        double cpuBefore = cpu();
        deliveries.openWindow();
        long opened = System.nanoTime();
        sleepUntil(windowCloses);
        deliveries.closeWindow();
        double cpuAfter = cpu();
        double windowSeconds = (System.nanoTime() - opened) / 1e9;

        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(options.drainSeconds + 5L));
            sender.interrupt();
        }
        drain();
        if (failedSends.get() > 0) {
            System.err.println("bench: " + failedSends.get() + " sends failed; they count as lost");
        }

        Histogram latency = deliveries.latencies();
        long inWindow = deliveries.inWindow();
        Map<Figure, Double> figures = new EnumMap<>(Figure.class);
        figures.put(Figure.DELIVERED_PER_SECOND, inWindow / windowSeconds);
        figures.put(Figure.LATENCY_P50_MS, latency.getValueAtPercentile(50) / 1000.0);
        figures.put(Figure.LATENCY_P99_MS, latency.getValueAtPercentile(99) / 1000.0);
        figures.put(Figure.LATENCY_P999_MS, latency.getValueAtPercentile(99.9) / 1000.0);
        figures.put(Figure.LOST, (double) Math.max(0, expected.get() - deliveries.unique()));
        figures.put(Figure.DUPLICATED, (double) (deliveries.total() - deliveries.unique()));
        figures.put(Figure.CPU_SECONDS_PER_100K,
                inWindow == 0 || serverCpuSeconds == null ? Double.NaN : (cpuAfter - cpuBefore) / inWindow * 100_000);
        return figures;
    }

    private void send(List<? extends Publisher> publishers, List<Integer> turn, long stopNanos) {
        long[] sequences = new long[turn.size()];
        try {
            while (System.nanoTime() < stopNanos) {
                for (int i = 0; i < turn.size(); i++) {
                    int id = turn.get(i);
                    Publisher publisher = publishers.get(id);
                    int deliveriesPerMessage = publisher.deliveriesPerMessage();
                    if (sent.incrementAndGet() > options.maxMessages
                            || !pacer.awaitTurn(deliveriesPerMessage, stopNanos)) {
                        return;
                    }
                    long sequence = sequences[i]++;
                    byte[] body = Payload.create(options.payloadBytes, id, sequence, System.nanoTime());
                    expected.addAndGet(deliveriesPerMessage);
                    publisher.publish(sequence, body, failure -> failed(deliveriesPerMessage, failure));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("bench: a publisher stopped: " + e);
        }
    }

    private void failed(int deliveriesPerMessage, Throwable failure) {
        if (failedSends.incrementAndGet() == 1) {
            System.err.println("bench: a send failed (counted as lost; further failures are only counted): " + failure);
        }
        pacer.released(deliveriesPerMessage);
    }

    /** Waits for messages still on their way: until all arrived, or none arrived for a second, or the drain time is up. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.drainSeconds);
        long last = -1;
        long lastProgress = System.nanoTime();
        while (deliveries.unique() < expected.get() && System.nanoTime() < deadline) {
            long now = deliveries.unique();
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(3)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private double cpu() {
        return serverCpuSeconds == null ? Double.NaN : serverCpuSeconds.getAsDouble();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }
}
