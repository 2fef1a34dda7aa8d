package org.telemetrybridge.bench.measure;

/** What a run reports, how it is shown, and how repeated runs combine into one figure. */
public enum Figure {
    DELIVERED_PER_SECOND("delivered msg/s", "%.0f", false),
    LATENCY_P50_MS("latency p50 ms", "%.2f", false),
    LATENCY_P99_MS("latency p99 ms", "%.2f", false),
    LATENCY_P999_MS("latency p99.9 ms", "%.2f", false),
    LOST("lost", "%.0f", true),
    DUPLICATED("duplicated", "%.0f", true),
    CPU_SECONDS_PER_100K("server CPU s/100k msgs", "%.2f", false),
    RSS_KIB_PER_CONNECTION("RSS KiB/connection", "%.2f", false),
    HEAP_KIB_PER_CONNECTION("live heap KiB/connection", "%.2f", false),
    CONNECTIONS_HELD("connections held", "%.0f", false),
    CONNECTIONS_PER_SECOND("connections set up/s", "%.0f", false),
    CPU_MS_PER_CONNECTION("server CPU ms/connection", "%.3f", false),
    FAILED_CONNECTIONS("failed set-ups", "%.0f", true),
    BACKEND_CONNECTIONS("backend connections (gauge)", "%.0f", false),
    BACKEND_SESSIONS("backend JMS sessions (gauge)", "%.0f", false);

    private final String label;
    private final String format;
    private final boolean summed;

    Figure(String label, String format, boolean summed) {
        this.label = label;
        this.format = format;
        this.summed = summed;
    }

    public String label() {
        return label;
    }

    public String format(double value) {
        return Double.isNaN(value) ? "-" : String.format(java.util.Locale.ROOT, format, value);
    }

    /** Losses and duplicates add up over repeated runs (any loss must show); the rest take the median. */
    public boolean summed() {
        return summed;
    }
}
