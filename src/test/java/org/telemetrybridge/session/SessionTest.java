package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.FakeBackend.Step;
import org.telemetrybridge.session.port.Publication;

/** One session against a fake backend: inbound QoS 2, subscriptions, overlapping filters, back-pressure. */
class SessionTest {

    private static final int MAX_QUEUED = 4;

    private final FakeBackend backend = new FakeBackend();
    private final FakeConnection connection = new FakeConnection("10.0.0.1:1");
    private SessionRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = new SessionRegistry(backend, backend.devices, new SessionSettings(2, MAX_QUEUED,
                Duration.ofSeconds(30)), Runnable::run);
        registry.start();
    }

    private static Publication publication(String topic, int qos) {
        return new Publication(topic, "m".getBytes(), qos, false, "DEV1");
    }

    /** [MQTT-4.3.3-2] a QoS 2 message sent again with the same packet id is not published twice. */
    @Test
    void aQos2PublishSentAgainBeforePubrelIsPublishedOnce() {
        Session session = connection.connect(registry, "DEV1", false, null).session();

        session.acceptPublish(publication("a", 2), 7).join();
        session.acceptPublish(publication("a", 2), 7).join();

        assertThat(backend.published).hasSize(1);
        assertThat(backend.savedSessions.get("DEV1").pendingQos2()).containsExactly(7);
        session.release(7).join();
        assertThat(backend.savedSessions.get("DEV1").pendingQos2()).isEmpty();
        session.acceptPublish(publication("a", 2), 7).join();
        assertThat(backend.published).as("a new message on the released id").hasSize(2);
    }

    @Test
    void aQos2PublishTheBackendRefusedIsPublishedWhenSentAgain() {
        Session session = connection.connect(registry, "DEV1", true, null).session();
        backend.failOn(Step.PUBLISH);

        assertThatThrownBy(() -> session.acceptPublish(publication("a", 2), 9).join())
                .isInstanceOf(CompletionException.class);
        backend.recover(Step.PUBLISH);
        session.acceptPublish(publication("a", 2), 9).join();

        assertThat(backend.published).hasSize(1);
    }

    @Test
    void aSubscriptionTheBackendRefusesIsReportedFailedAndTheOthersGranted() {
        Session session = connection.connect(registry, "DEV1", true, null).session();
        backend.failOn(Step.SUBSCRIBE_SHARED);
        List<Optional<Integer>> failed = session.subscribe(List.of(new Session.Subscription("a/#", 1))).join();
        backend.recover(Step.SUBSCRIBE_SHARED);

        List<Optional<Integer>> granted = session.subscribe(List.of(new Session.Subscription("b/#", 2))).join();

        assertThat(failed).containsExactly(Optional.empty());
        assertThat(granted).containsExactly(Optional.of(2));
        assertThat(registry.sharedFilterCount()).isEqualTo(1);
    }

    @Test
    void cleanSessionsWithTheSameFilterShareOneBackendSubscription() {
        Session one = connection.connect(registry, "DEV1", true, null).session();
        FakeConnection other = new FakeConnection("b");
        Session two = other.connect(registry, "DEV2", true, null).session();

        one.subscribe(List.of(new Session.Subscription("alerts/#", 0))).join();
        two.subscribe(List.of(new Session.Subscription("alerts/#", 0))).join();
        backend.shared.getFirst().sink.deliver(RecordingAck.delivery("alerts/fire", "hot", 0, null, new RecordingAck()));

        assertThat(backend.shared).hasSize(1);
        assertThat(connection.payloads()).containsExactly("hot");
        assertThat(other.payloads()).containsExactly("hot");
        connection.close(true);
        assertThat(backend.shared.getFirst().closed).isFalse();
        other.close(true);
        assertThat(backend.shared.getFirst().closed).as("closed with its last subscriber").isTrue();
    }

    @Test
    void overlappingSubscriptionsDeliverAMessageOnceAtTheHighestGrantedQos() {
        Session session = connection.connect(registry, "DEV1", true, null).session();
        session.subscribe(List.of(new Session.Subscription("a/#", 1), new Session.Subscription("a/+", 2))).join();

        shared("a/#").sink.deliver(RecordingAck.delivery("a/b", "x", 2, "m1", new RecordingAck()));
        shared("a/+").sink.deliver(RecordingAck.delivery("a/b", "x", 2, "m1", new RecordingAck()));

        assertThat(connection.sent).singleElement().extracting(FakeConnection.Sent::qos).isEqualTo(2);
    }

    @Test
    void aClientThatFallsBehindPausesItsSharedSubscriptionsUntilItCatchesUp() {
        Session session = connection.connect(registry, "DEV1", true, null).session();
        session.subscribe(List.of(new Session.Subscription("a/#", 1))).join();
        FakeBackend.Shared durable = shared("a/#");
        connection.writable = false;

        for (int i = 0; i < MAX_QUEUED; i++) {
            durable.sink.deliver(RecordingAck.delivery("a/b", "m" + i, 1, "id" + i, new RecordingAck()));
        }

        assertThat(durable.paused).isTrue();
        assertThat(connection.scheduled).as("slow-client check").hasSize(1);
        connection.writable = true;
        session.resumeOutbound();
        for (int i = 0; i < connection.sent.size(); i++) {
            session.onPuback(connection.sent.get(i).packetId());
        }
        assertThat(durable.paused).isFalse();
        assertThat(connection.scheduled.getFirst().isCancelled()).isTrue();
    }

    @Test
    void aClientThatStaysBehindIsDisconnected() {
        Session session = connection.connect(registry, "DEV1", true, null).session();
        session.subscribe(List.of(new Session.Subscription("a/#", 1))).join();
        connection.writable = false;
        for (int i = 0; i < MAX_QUEUED; i++) {
            shared("a/#").sink.deliver(RecordingAck.delivery("a/b", "m" + i, 1, "id" + i, new RecordingAck()));
        }

        connection.scheduled.getFirst().task.run();

        assertThat(connection.closedTooSlow).startsWith(MAX_QUEUED + " queued");
        assertThat(session.connected()).isFalse();
    }

    private FakeBackend.Shared shared(String filter) {
        return backend.shared.stream().filter(each -> each.filter.equals(filter)).findFirst().orElseThrow();
    }
}
