package org.telemetrybridge.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc/PID/stat} (utime + stime). On a 2-core machine where
 * the load generator competes with the server for CPU, "CPU seconds per 100k messages" is a fairer
 * figure than throughput: it does not depend on how much CPU the server happened to get.
 */
public final class ProcessCpu {

    /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;

    public ProcessCpu(long pid) {
        this.pid = pid;
    }

    /** utime + stime of the process (all its threads), in seconds. */
    public double seconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may contain spaces: count fields after ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]); // field 14 of the whole line
            long stime = Long.parseLong(fields[12]); // field 15
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the CPU time of process " + pid, e);
        }
    }
}
