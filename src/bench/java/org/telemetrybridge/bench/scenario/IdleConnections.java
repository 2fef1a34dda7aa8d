package org.telemetrybridge.bench.scenario;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.MqttClients;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Figure;
import org.telemetrybridge.bench.measure.JvmHeap;
import org.telemetrybridge.bench.measure.ProcessMemory;

/**
 * N clients connect and stay idle (only keep-alive pings) for the run's duration: what does one
 * more connected device cost the server? RSS and, for JVM servers, live heap after a full GC, are
 * read before connecting and at the end of the hold; the difference over N is the cost of one.
 */
public final class IdleConnections implements Scenario {

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String shape(LoadOptions options) {
        return options.connections + " idle MQTT connections, keep-alive " + options.keepAliveSeconds
                + " s, held " + options.durationSeconds + " s";
    }

    @Override
    public boolean usesQos() {
        return false;
    }

    @Override
    public boolean freshServerPerRun() {
        return true;
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        Long pid = target.pid().isPresent() ? target.pid().getAsLong() : null;
        JvmHeap heap = pid != null && target.kind().jvm() ? new JvmHeap(pid) : null;
        ProcessMemory memory = pid != null ? new ProcessMemory(pid) : null;

        // Heap first: the collection it forces also lets RSS settle before it is read.
        long heapBefore = heap != null ? heap.liveKibAfterGc() : 0;
        long rssBefore = memory != null ? memory.residentKib() : 0;
        Map<Figure, Double> figures = new EnumMap<>(Figure.class);
        try (MqttClients mqtt = new MqttClients(target, options)) {
            mqtt.connectAll(Scenario.clientIds(prefix, "idle", options.connections), null);
            TimeUnit.SECONDS.sleep(options.durationSeconds);
            long heapAfter = heap != null ? heap.liveKibAfterGc() : 0;
            long rssAfter = memory != null ? memory.residentKib() : 0;
            int held = mqtt.connected();
            figures.put(Figure.CONNECTIONS_HELD, (double) held);
            if (memory != null) {
                figures.put(Figure.RSS_KIB_PER_CONNECTION, (rssAfter - rssBefore) / (double) options.connections);
            }
            if (heap != null) {
                figures.put(Figure.HEAP_KIB_PER_CONNECTION, (heapAfter - heapBefore) / (double) options.connections);
            }
        }
        return figures;
    }
}
