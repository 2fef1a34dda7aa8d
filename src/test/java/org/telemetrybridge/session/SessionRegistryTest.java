package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        registry = new SessionRegistry(backend, backend.devices, new SessionSettings(4, 10, Duration.ofSeconds(60)),
                Runnable::run);
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
        assertThat(backend.devices.of("DEV1")).isEqualTo(Map.of("alerts/#", 1));
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
        assertThat(backend.devices.of("DEV1")).isEqualTo(Map.of("a/+", 2));
        assertThat(backend.devices.queueManagers).containsEntry("DEV1", "DEV1");
    }

    /** [MQTT-3.8.4-3] a SUBSCRIBE for a filter the session has replaces its QoS in the backend too. */
    /** The device's authenticated user reaches the backend, and a refusal of it is a SUBACK failure, not kept. */
    @Test
    void aPersistentSessionsSubscriptionIsMadeForTheDevicesUserAndARefusalIsASubackFailure() {
        FakeConnection first = new FakeConnection("a");
        first.userName = "alice";
        first.connect(registry, "DEV1", false, null);

        assertThat(first.session.subscribe(List.of(new Session.Subscription("a/+", 1))).join())
                .containsExactly(java.util.Optional.of(1));
        assertThat(backend.devices.lastUser).isEqualTo("alice");

        backend.devices.refuse = true;
        assertThat(first.session.subscribe(List.of(new Session.Subscription("b/+", 1))).join())
                .containsExactly(java.util.Optional.empty());
        assertThat(backend.devices.of("DEV1")).isEqualTo(Map.of("a/+", 1));
    }

    @Test
    void aPersistentSessionsSubscribeAgainReplacesTheDeviceSubscriptionsQos() {
        FakeConnection first = new FakeConnection("a");
        first.connect(registry, "DEV1", false, null);
        first.session.subscribe(List.of(new Session.Subscription("a/+", 2))).join();

        first.session.subscribe(List.of(new Session.Subscription("a/+", 0))).join();
        first.session.unsubscribe(List.of("nothing/here")).join();

        assertThat(backend.devices.of("DEV1")).isEqualTo(Map.of("a/+", 0));
        first.session.unsubscribe(List.of("a/+")).join();
        assertThat(backend.devices.clientIds()).isEmpty();
    }

    @Test
    void aPurgeRemovesThePersistentSessionsDeviceSubscriptionsAndCountsThem() {
        FakeConnection first = new FakeConnection("a");
        first.connect(registry, "DEV1", false, null);
        first.session.subscribe(List.of(new Session.Subscription("a/+", 1), new Session.Subscription("b", 0))).join();
        first.close(true);

        Integer removed = registry.purge("DEV1").join();

        assertThat(removed).isEqualTo(2);
        assertThat(backend.devices.of("DEV1")).isEmpty();
        assertThat(registry.find("DEV1")).isNull();
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
        assertThat(backend.devices.of("DEV1")).as("its device subscriptions").isEmpty();
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
        assertThat(backend.devices.of("DEV9")).as("made at restore: an upgraded store").isEqualTo(Map.of("x/#", 1));
    }

    @Test
    void aRestoreLeavesTheDeviceSubscriptionsTheBackendHasAlone() {
        backend.stored.add(new SessionState("DEV9", Map.of("x/#", 1), Set.of()));
        backend.devices.subscribe("DEV9", "DEV9", "y", 2);

        registry.restore();

        assertThat(backend.devices.of("DEV9")).isEqualTo(Map.of("y", 2));
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
    void aDeviceSubscriptionTheBackendRefusesIsReportedFailed() {
        FakeConnection first = new FakeConnection("a");
        first.connect(registry, "DEV1", false, null);
        backend.failOn(Step.DEVICE_SUBSCRIBE);

        List<Optional<Integer>> granted = first.session.subscribe(List.of(new Session.Subscription("a/#", 1))).join();

        assertThat(granted).containsExactly(Optional.empty());
        assertThat(first.session.subscriptions()).isEmpty();
        assertThat(backend.savedSessions.get("DEV1").subscriptions()).isEmpty();
    }
}
