package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.FakeBackend.Step;
import org.telemetrybridge.session.port.SessionState;

/** The registry against a fake backend and fake connections: take-over, resume, restore, failures. */
class SessionRegistryTest {

    private final FakeBackend backend = new FakeBackend();
    private SessionRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = new SessionRegistry(backend, new SessionSettings(4, 10, Duration.ofSeconds(60)), Runnable::run);
        registry.start();
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesTheSessionOver() {
        FakeConnection first = new FakeConnection("10.0.0.1:1");
        FakeConnection second = new FakeConnection("10.0.0.2:2");
        first.connect(registry, "DEV1", true, null);

        SessionRegistry.Attachment attachment = second.connect(registry, "DEV1", true, null);

        assertThat(first.takenOverBy).isEqualTo("10.0.0.2:2");
        assertThat(attachment.sessionPresent()).isFalse();
        assertThat(registry.find("DEV1").connection()).isSameAs(second);
    }

    @Test
    void aTakenOverPersistentSessionMovesToTheNewConnectionWithItsSubscriptions() {
        FakeConnection first = new FakeConnection("a");
        first.connect(registry, "DEV1", false, null);
        first.session.subscribe(List.of(new Session.Subscription("alerts/#", 1))).join();

        SessionRegistry.Attachment attachment = new FakeConnection("b").connect(registry, "DEV1", false, null);

        assertThat(attachment.sessionPresent()).isTrue();
        assertThat(attachment.session()).isSameAs(first.session);
        assertThat(backend.durableOf("DEV1").sinks).containsOnlyKeys("alerts/#");
        assertThat(backend.durables).hasSize(2);
        assertThat(backend.durables.get(0).closed).as("the first connection's subscriber").isTrue();
    }

    @Test
    void aPersistentSessionIsStoredAndResumedWithSessionPresent() {
        FakeConnection first = new FakeConnection("a");
        SessionRegistry.Attachment created = first.connect(registry, "DEV1", false, null);
        first.session.subscribe(List.of(new Session.Subscription("a/+", 2))).join();
        first.close(true);

        SessionRegistry.Attachment resumed = new FakeConnection("b").connect(registry, "DEV1", false, null);

        assertThat(created.sessionPresent()).isFalse();
        assertThat(resumed.sessionPresent()).isTrue();
        assertThat(backend.savedSessions.get("DEV1").subscriptions()).isEqualTo(Map.of("a/+", 2));
        assertThat(backend.durableOf("DEV1").sinks).containsOnlyKeys("a/+");
    }

    @Test
    void aCleanSessionDiscardsTheStoredPersistentSessionOfItsClientId() {
        FakeConnection first = new FakeConnection("a");
        first.connect(registry, "DEV1", false, null);
        first.session.subscribe(List.of(new Session.Subscription("a/+", 1))).join();
        first.close(true);
        List<String> discarded = new ArrayList<>();
        registry.addListener(new SessionListener() {
            @Override
            public void discarded(String clientId) {
                discarded.add(clientId);
            }
        });

        SessionRegistry.Attachment clean = new FakeConnection("b").connect(registry, "DEV1", true, null);

        assertThat(clean.sessionPresent()).isFalse();
        assertThat(clean.session().persistent()).isFalse();
        assertThat(backend.deletedSessions).containsExactly("DEV1");
        assertThat(discarded).containsExactly("DEV1");
    }

    @Test
    void aCleanSessionEndsWithItsConnection() {
        FakeConnection connection = new FakeConnection("a");
        connection.connect(registry, "DEV1", true, null);

        connection.close(true);

        assertThat(registry.find("DEV1")).isNull();
    }

    @Test
    void storedSessionsAreRestoredAsDisconnectedPersistentSessions() {
        backend.stored.add(new SessionState("DEV9", Map.of("x/#", 1), Set.of(7)));

        registry.restore();

        Session restored = registry.find("DEV9");
        assertThat(restored.persistent()).isTrue();
        assertThat(restored.connected()).isFalse();
        SessionRegistry.Attachment resumed = new FakeConnection("a").connect(registry, "DEV9", false, null);
        assertThat(resumed.sessionPresent()).isTrue();
        assertThat(backend.durableOf("DEV9").sinks).containsOnlyKeys("x/#");
    }

    @Test
    void theWillIsPublishedWhenTheConnectionDropsAndNotAfterDisconnect() {
        FakeConnection dropped = new FakeConnection("a");
        dropped.connect(registry, "DEV1", true, new Will("status/DEV1", "gone".getBytes(), 1, true));
        FakeConnection polite = new FakeConnection("b");
        polite.connect(registry, "DEV2", true, new Will("status/DEV2", "gone".getBytes(), 1, true));

        dropped.close(false);
        polite.close(true);

        assertThat(backend.published).singleElement().satisfies(will -> {
            assertThat(will.topic()).isEqualTo("status/DEV1");
            assertThat(will.retain()).isTrue();
            assertThat(will.originClientId()).isEqualTo("DEV1");
        });
    }

    @Test
    void losingTheBackendDropsEveryConnectedClientWithoutItsWill() {
        FakeConnection one = new FakeConnection("a");
        one.connect(registry, "DEV1", true, new Will("status/DEV1", "gone".getBytes(), 0, false));
        FakeConnection two = new FakeConnection("b");
        two.connect(registry, "DEV2", false, null);

        backend.connectionLost();

        assertThat(one.droppedForBackendLoss).isTrue();
        assertThat(two.droppedForBackendLoss).isTrue();
        assertThat(registry.backendAvailable()).isFalse();
    }

    /** Issue 11 defect 3: a failure on the way to CONNACK leaves no session, no will, no stuck id. */
    @Test
    void aFailedSessionStoreRefusesTheConnectAndLeavesNoTrace() {
        backend.failOn(Step.SAVE_SESSION);
        Will will = new Will("status/DEV1", "gone".getBytes(), 1, false);

        assertThatThrownBy(() -> registry.connect("DEV1", false, will, new FakeConnection("a")).join())
                .isInstanceOf(CompletionException.class);
        assertThat(registry.find("DEV1")).isNull();
        backend.recover(Step.SAVE_SESSION);
        SessionRegistry.Attachment next = new FakeConnection("b").connect(registry, "DEV1", false, null);

        assertThat(next.sessionPresent()).isFalse();
        assertThat(backend.published).as("no will for a connection never accepted").isEmpty();
    }

    @Test
    void aFailedResumeKeepsThePersistentSessionForTheNextConnect() {
        FakeConnection first = new FakeConnection("a");
        first.connect(registry, "DEV1", false, null);
        first.session.subscribe(List.of(new Session.Subscription("a/#", 1))).join();
        first.close(true);
        backend.failOn(Step.OPEN_DURABLE);

        assertThatThrownBy(() -> registry.connect("DEV1", false, null, new FakeConnection("b")).join())
                .isInstanceOf(CompletionException.class);
        backend.recover(Step.OPEN_DURABLE);
        SessionRegistry.Attachment resumed = new FakeConnection("c").connect(registry, "DEV1", false, null);

        assertThat(resumed.sessionPresent()).isTrue();
        assertThat(backend.durableOf("DEV1").sinks).containsOnlyKeys("a/#");
    }
}
