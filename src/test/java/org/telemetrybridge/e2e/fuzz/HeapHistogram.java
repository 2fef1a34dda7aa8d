package org.telemetrybridge.e2e.fuzz;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them: when
 * the heap grew, the classes that grew most say what the bridge kept.
 */
final class HeapHistogram {

    private HeapHistogram() {
    }

    /** Bytes of live objects per class name (a full collection runs first). */
    static Map<String, Long> bytesByClass() {
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            Map<String, Long> bytes = new HashMap<>();
            for (String line : text.lines().toList()) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length >= 4 && columns[0].endsWith(":")) {
                    bytes.merge(columns[3], Long.parseLong(columns[2]), Long::sum);
                }
            }
            return bytes;
        } catch (Exception e) {
            return Map.of("(no histogram: " + e + ")", 0L);
        }
    }

    /** The classes that grew most from one histogram to the next, largest first. */
    static String growth(Map<String, Long> before, Map<String, Long> after, int top) {
        return after.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(entry -> String.format("%n  %+,d KiB %s", entry.getValue() >> 10, entry.getKey()))
                .collect(Collectors.joining());
    }
}
