package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedDialect;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;

/**
 * The group-commit queues have a global bound (issue 11, defect 5): while the backend does not
 * accept publications, clients' publications beyond {@code max-waiting-publications} are refused at
 * once instead of piling up in memory, and the count shrinks back when the backend catches up.
 */
class WaitingPublicationsLimitTest {

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private JmsBackend backend;
    private final List<CompletableFuture<Void>> stalled = new CopyOnWriteArrayList<>();

    /** A backend whose publications wait until the test lets them complete. */
    record StalledDialect(EmbeddedDialect embedded, List<CompletableFuture<Void>> stalled) implements OnEmbeddedDialect {

        @Override
        public DirectPublisher directPublisher(String origin) {
            return new DirectPublisher() {
                @Override
                public CompletableFuture<Void> publish(Publication publication) {
                    CompletableFuture<Void> accepted = new CompletableFuture<>();
                    stalled.add(accepted);
                    return accepted;
                }

                @Override
                public void stop() {
                }
            };
        }

        @Override
        public String describe() {
            return "embedded Artemis that does not accept publications until told";
        }
    }

    @BeforeEach
    void start() {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        backend = new JmsBackend(new StalledDialect(EmbeddedBackendConfiguration.dialect(broker), stalled), 1,
                JmsBackend.defaultBackOff(), 50);
        backend.start();
    }

    @AfterEach
    void stop() {
        stalled.forEach(f -> f.complete(null));
        backend.stop();
        broker.stop();
    }

    @Test
    void publicationsBeyondTheBoundAreRefusedAtOnceAndTheQueueShrinksBack() {
        for (int client = 0; client < 100; client++) {
            CompletableFuture<Void> accepted = backend.publish(
                    new Publication("load/t", new byte[] {1}, 1, false, "DEV" + client), null);
            if (client < 50) {
                assertThat(accepted).as("publication %d waits for the backend", client).isNotDone();
            } else {
                assertThat(accepted).as("publication %d is past the bound", client).isCompletedExceptionally();
                assertThat(accepted.exceptionNow()).isInstanceOf(BackendUnavailableException.class);
            }
        }
        assertThat(backend.waitingPublications()).isEqualTo(50);

        stalled.forEach(f -> f.complete(null));
        assertThat(backend.waitingPublications()).as("back to nothing once the backend caught up").isZero();
        assertThat(backend.publish(new Publication("load/t", new byte[] {1}, 1, false, "LATE"), null)).isNotDone();
    }
}
