package org.telemetrybridge.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of a process, from {@code /proc/PID/status} (VmRSS). */
public final class ProcessMemory {

    private final long pid;

    public ProcessMemory(long pid) {
        this.pid = pid;
    }

    /** VmRSS in KiB. */
    public long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("No VmRSS line for process " + pid);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the memory of process " + pid, e);
        }
    }
}
