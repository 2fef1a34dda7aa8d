package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.backoff.FixedBackOff;

import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedDialect;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;
import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.log.CapturedLog;
import org.telemetrybridge.session.port.BackendListener;

/**
 * Two backends on one broker with the active/standby lock: only the holder is available and has its
 * listeners told it is connected (which is when the core loads stored sessions and the transmit queue
 * drains); the other stands by and takes over when the holder goes.
 */
class ActiveStandbyTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private JmsBackend first;
    private JmsBackend second;

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
    }

    @AfterEach
    void stopAll() {
        for (JmsBackend backend : new JmsBackend[] {first, second}) {
            if (backend != null) {
                backend.stop();
            }
        }
        broker.stop();
    }

    @Test
    void onlyTheLockHolderServesAndTheStandbyTakesOverWhenItGoes() {
        Connects firstConnects = new Connects();
        Connects secondConnects = new Connects();
        try (CapturedLog log = new CapturedLog()) {
            first = started(EmbeddedBackendConfiguration.dialect(broker), firstConnects);
            Awaitility.await().atMost(DEADLINE).until(first::available);
            second = started(EmbeddedBackendConfiguration.dialect(broker), secondConnects);
            Awaitility.await().atMost(DEADLINE).until(second::standby);

            assertThat(second.available()).isFalse();
            assertThat(secondConnects.count.get()).as("a standby loads no session").isZero();
            assertThat(log.withId("TBR0340I")).hasSize(1);

            first.stop();
            Awaitility.await().atMost(DEADLINE).until(second::available);
            assertThat(second.standby()).isFalse();
            assertThat(secondConnects.count.get()).isEqualTo(1);
            assertThat(firstConnects.count.get()).isEqualTo(1);
            assertThat(log.withId("TBR0341I")).hasSize(2);
            // Standby was logged once, not at each of its tries.
            assertThat(log.withId("TBR0340I")).hasSize(1);
        }
    }

    @Test
    void aLockQueueThatCannotBeOpenedKeepsTheBridgeFromServingAndSaysWhy() {
        EmbeddedDialect embedded = EmbeddedBackendConfiguration.dialect(broker);
        OnEmbeddedDialect unusable = new OnEmbeddedDialect() {
            @Override
            public EmbeddedDialect embedded() {
                return embedded;
            }

            @Override
            public String describe() {
                return embedded.describe();
            }

            @Override
            public Queue activeLockQueue(Session session) throws JMSException {
                throw new JMSException("not authorized to open TBRIDGE.ACTIVE (test)");
            }
        };
        try (CapturedLog log = new CapturedLog()) {
            first = started(unusable, new Connects());
            Awaitility.await().atMost(DEADLINE).until(first::standby);

            assertThat(first.available()).isFalse();
            assertThat(log.withId("TBR0342W")).singleElement().asString().contains("not authorized");
            assertThat(log.withId("TBR0340I")).isEmpty();
        }
    }

    private static JmsBackend started(JmsDialect dialect, Connects connects) {
        JmsBackend backend = new JmsBackend(dialect, 1, new FixedBackOff(100, FixedBackOff.UNLIMITED_ATTEMPTS));
        backend.useActiveLock(new FixedBackOff(100, FixedBackOff.UNLIMITED_ATTEMPTS));
        backend.addListener(connects);
        backend.start();
        return backend;
    }

    /** Counts the backend's "connected" calls: the core restores stored sessions on each. */
    private static final class Connects implements BackendListener {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void connected() {
            count.incrementAndGet();
        }

        @Override
        public void lost() {
        }
    }
}
