package org.telemetrybridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** LogCapture is read by a test while the bridge's threads log: neither side may break the other. */
class LogCaptureTest {

    private static final String NAME = "org.telemetrybridge.test.LogCaptureTest";
    private static final Logger LOG = LoggerFactory.getLogger(NAME);

    @Test
    void readingWhileManyThreadsLogLosesNothingAndNeverFails() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        // A logger of its own, kept out of the console: only the capture sees these 80,000 lines.
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LOG;
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logger.setAdditive(false);
        try (LogCapture capture = new LogCapture(NAME)) {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        LOG.debug("TBR9999I concurrent {} {}", writer, i);
                    }
                }, runnable -> Thread.ofPlatform().start(runnable)));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));
            while (!all.isDone()) {
                // Each read walks the events while appends go on (a ConcurrentModificationException before).
                assertThat(capture.messages()).allMatch(message -> message.startsWith("TBR9999I"));
                assertThat(capture.withId("TBR9999I")).isNotNull();
            }
            all.get(60, TimeUnit.SECONDS);
            assertThat(capture.messages()).hasSize(threads * perThread);
        }
    }
}
