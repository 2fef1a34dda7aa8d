package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core's side of $share groups, on a backend in memory: who joins which JMS subscription, durable
 * or not, when a member's consumer opens and closes, when a durable group is deleted, and the bounds.
 */
class ShareGroupsTest {

    private static final String GROUP = "$share/g/a/#";

    private final FakeBackend backend = new FakeBackend();
    private SessionRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = new SessionRegistry(backend, backend.devices, new SessionSettings(2, 4, Duration.ofSeconds(30)),
                Runnable::run);
        registry.start();
    }

    private Session subscribed(FakeConnection connection, String clientId, boolean clean) {
        Session session = connection.connect(registry, clientId, clean, null).session();
        assertThat(session.subscribe(List.of(new Session.Subscription(GROUP, 1))).join())
                .containsExactly(Optional.of(1));
        return session;
    }

    @Test
    void persistentMembersShareADurableSubscriptionDeletedAfterTheLastMembersSessionEnds() {
        FakeConnection a = new FakeConnection("10.0.0.1:1");
        FakeConnection b = new FakeConnection("10.0.0.2:1");
        subscribed(a, "A", false);
        Session sessionB = subscribed(b, "B", false);
        assertThat(backend.groupJoins).extracting(FakeBackend.GroupJoin::name, FakeBackend.GroupJoin::filter,
                FakeBackend.GroupJoin::durable).containsOnly(org.assertj.core.groups.Tuple.tuple(GROUP, "a/#", true));
        assertThat(backend.devices.clientIds()).as("a group is no device subscription").isEmpty();

        a.close(false);
        assertThat(backend.groupJoins.get(0).consumer().closed).as("A's consumer closed, A stays a member").isTrue();
        assertThat(registry.shareGroupMemberships()).isEqualTo(2);

        sessionB.unsubscribe(List.of(GROUP)).join();
        assertThat(backend.deletedGroups).as("A's session still holds it").isEmpty();

        registry.purge("A").join();
        assertThat(backend.deletedGroups).containsExactly(GROUP);
        assertThat(registry.shareGroupCount()).isZero();
    }

    @Test
    void anAwayPersistentMemberOpensAConsumerAgainWhenItsClientIsBack() {
        FakeConnection first = new FakeConnection("10.0.0.1:1");
        subscribed(first, "BACK", false);
        first.close(false);
        new FakeConnection("10.0.0.1:2").connect(registry, "BACK", false, null);
        assertThat(backend.groupJoins).hasSize(2);
        assertThat(backend.groupJoins.get(1).consumer().closed).isFalse();
    }

    @Test
    void cleanMembersAreNonDurableAndLeaveWithTheirConnection() {
        FakeConnection clean = new FakeConnection("10.0.0.1:1");
        subscribed(clean, "CLEAN", true);
        assertThat(backend.groupJoins.get(0).durable()).isFalse();
        clean.close(true);
        assertThat(backend.groupJoins.get(0).consumer().closed).isTrue();
        assertThat(backend.deletedGroups).as("a non-durable one ends in the provider").isEmpty();
        assertThat(registry.shareGroupMemberships()).isZero();
    }

    @Test
    void onABackendWithoutPerMessageAcknowledgementEveryGroupIsDurableAndDeletedAfterItsLastMember() {
        backend.groupsAlwaysDurable = true;
        FakeConnection clean = new FakeConnection("10.0.0.1:1");
        subscribed(clean, "CLEANMQ", true);
        assertThat(backend.groupJoins.get(0).durable()).isTrue();
        clean.close(true);
        assertThat(backend.deletedGroups).containsExactly(GROUP);
    }

    @Test
    void membershipsBeyondTheBoundAreRefused() {
        registry.shareGroupLimits(1, 2);
        Session session = new FakeConnection("10.0.0.1:1").connect(registry, "MANY", true, null).session();
        assertThat(session.subscribe(List.of(new Session.Subscription("$share/g1/x", 1),
                new Session.Subscription("$share/g2/x", 1))).join())
                .as("a second group past max-groups").containsExactly(Optional.of(1), Optional.empty());
        Session other = new FakeConnection("10.0.0.2:1").connect(registry, "OTHER", true, null).session();
        assertThat(other.subscribe(List.of(new Session.Subscription("$share/g1/x", 1))).join())
                .containsExactly(Optional.of(1));
        Session third = new FakeConnection("10.0.0.3:1").connect(registry, "THIRD", true, null).session();
        assertThat(third.subscribe(List.of(new Session.Subscription("$share/g1/x", 1))).join())
                .as("a third membership past max-members").containsExactly(Optional.empty());
        assertThat(third.subscriptions()).as("the refused one is not kept").isEmpty();
    }
}
