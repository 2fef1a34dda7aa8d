package org.telemetrybridge.bench.scenario;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.MqttClients;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Figure;

/**
 * Connection set-up: clients connect (TCP, the TLS handshake on a TLS target, CONNECT, CONNACK) and
 * disconnect again, {@code --connecting} at a time, as fast as the server answers. Counts the set-ups
 * completed in the measured window and the server's CPU time per set-up.
 */
public final class ConnectionSetUp implements Scenario {

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String shape(LoadOptions options) {
        return options.connecting + " clients at a time connect, get CONNACK and disconnect";
    }

    @Override
    public boolean usesQos() {
        return false;
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        DoubleSupplier cpu = Scenario.serverCpu(target);
        Semaphore slots = new Semaphore(options.connecting);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long countedBefore = -1;
        double cpuBefore = 0;
        try (MqttClients mqtt = new MqttClients(target, options)) {
            // One client stays connected throughout: hivemq's client shuts its network threads down
            // whenever its last client disconnects, and starting them again would be measured.
            mqtt.connect(prefix + "_keep", null);
            long windowOpens = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmupSeconds);
            long windowCloses = windowOpens + TimeUnit.SECONDS.toNanos(options.durationSeconds);
            long number = 0;
            while (System.nanoTime() < windowCloses && number < options.maxMessages) {
                if (countedBefore < 0 && System.nanoTime() >= windowOpens) {
                    countedBefore = completed.get();
                    cpuBefore = cpu == null ? 0 : cpu.getAsDouble();
                }
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                mqtt.connectAndDisconnect(prefix + "_c" + number++).whenComplete((done, failure) -> {
                    if (failure != null && failed.getAndIncrement() == 0) {
                        System.err.println("bench: first failed set-up: " + failure);
                    } else if (failure == null) {
                        completed.incrementAndGet();
                    }
                    slots.release();
                });
            }
            long counted = completed.get() - Math.max(0, countedBefore);
            double cpuSeconds = cpu == null ? Double.NaN : cpu.getAsDouble() - cpuBefore;
            // Let the set-ups still on their way finish before the clients' threads are closed.
            slots.tryAcquire(options.connecting, options.drainSeconds + 1L, TimeUnit.SECONDS);
            Map<Figure, Double> figures = new EnumMap<>(Figure.class);
            figures.put(Figure.CONNECTIONS_PER_SECOND, counted / (double) options.durationSeconds);
            figures.put(Figure.CPU_MS_PER_CONNECTION, counted == 0 ? Double.NaN : cpuSeconds * 1000 / counted);
            figures.put(Figure.FAILED_CONNECTIONS, (double) failed.get());
            return figures;
        }
    }
}
