package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedDialect;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;

/**
 * One publication the backend refuses fails only its own client, not the unrelated publications that
 * shared its group commit (issue 11, defect 6; on IBM MQ e.g. MQRC 2053 for one full queue).
 */
class GroupCommitIsolationTest {

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private JmsBackend backend;
    private final CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
    private final CountDownLatch firstBatchStarted = new CountDownLatch(1);

    /**
     * The embedded broker through JMS (no direct publisher): the session state of STALL holds the
     * publisher thread until the test lets it go; that of BAD is refused, as a queue manager refuses
     * a message for a full queue.
     */
    record RefusingDialect(EmbeddedDialect embedded, CountDownLatch started, CountDownLatch mayEnd)
            implements OnEmbeddedDialect {

        @Override
        public void markLastValue(Message message, String key) throws JMSException {
            if (key.equals("STALL")) {
                started.countDown();
                try {
                    mayEnd.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (key.equals("BAD")) {
                throw new JMSException("MQRC_Q_FULL (simulated)", "2053");
            }
            embedded.markLastValue(message, key);
        }

        @Override
        public String describe() {
            return "embedded Artemis that refuses the messages of client BAD";
        }
    }

    @BeforeEach
    void start() {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        backend = new JmsBackend(new RefusingDialect(EmbeddedBackendConfiguration.dialect(broker), firstBatchStarted, firstBatchMayEnd),
                1);
        backend.start();
    }

    @AfterEach
    void stop() {
        firstBatchMayEnd.countDown();
        backend.stop();
        broker.stop();
    }

    @Test
    void aRefusedPublicationFailsOnlyItsOwnClientNotTheOthersOfItsBatch() throws Exception {
        CompletableFuture<Void> stall = backend.saveSession(new SessionState("STALL", Map.of(), Set.of()));
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // These wait behind the stalled batch, and so go into the next one together.
        List<CompletableFuture<Void>> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            good.add(backend.publish(new Publication("iso/t", new byte[] {1}, 1, false, "GOOD" + i), null));
        }
        CompletableFuture<Void> bad = backend.publish(new Publication("iso/t", new byte[] {2}, 2, false, "BAD"),
                new SessionState("BAD", Map.of(), Set.of(1)));
        for (int i = 10; i < 20; i++) {
            good.add(backend.publish(new Publication("iso/t", new byte[] {1}, 2, false, "GOOD" + i),
                    new SessionState("GOOD" + i, Map.of(), Set.of(1))));
        }
        firstBatchMayEnd.countDown();

        stall.get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(good).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(bad).failsWithin(10, TimeUnit.SECONDS);
    }
}
