package org.telemetrybridge.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap of another JVM: {@code jcmd PID GC.run} (a full, System.gc()-style collection) followed by
 * {@code jcmd PID GC.heap_info}, whose first "used" figure is the whole heap's occupancy right after
 * that collection, i.e. the live objects. Chosen over the actuator because it works the same for the
 * bridge and for the Artemis reference, which has no actuator.
 */
public final class JvmHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final Path jcmd;

    public JvmHeap(long pid) {
        this.pid = pid;
        // jcmd of the JDK running this process: the servers are started with the same JDK.
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path sibling = java.resolveSibling("jcmd");
        this.jcmd = Files.isExecutable(sibling) ? sibling : Path.of("jcmd");
    }

    /** Collects garbage in the target JVM and returns the heap then in use, in KiB. */
    public long liveKibAfterGc() {
        run("GC.run");
        String info = run("GC.heap_info");
        Matcher used = USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("No heap occupancy in: " + info);
        }
        return Long.parseLong(used.group(1));
    }

    private String run(String command) {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd " + command + " did not finish");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run jcmd " + command + " on " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
