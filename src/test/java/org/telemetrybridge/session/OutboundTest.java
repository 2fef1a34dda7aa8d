package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.port.Delivery;

/**
 * The outbound half of a session: in-flight window, socket back-pressure, packet ids across a
 * reconnect, and the bounds of its packet-id bookkeeping (issue 11, defect 5): a packet id can be used
 * by only one unfinished exchange [MQTT-2.3.1-2], so when every id is taken nothing is sent, and
 * reservations for redeliveries stay bounded.
 */
class OutboundTest {

    private static final int WINDOW = 3;

    private final LongAdder dropped = new LongAdder();
    private final Outbound outbound = new Outbound("DEV1", new SessionSettings(WINDOW, 5, Duration.ZERO), dropped);
    private final FakeConnection connection = new FakeConnection("a");

    private List<RecordingAck> offer(int count, int qos, boolean mayDrop) {
        List<RecordingAck> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordingAck ack = new RecordingAck();
            acks.add(ack);
            outbound.offer(RecordingAck.delivery("t", "m" + i, qos, "id" + i, ack), qos, mayDrop);
        }
        return acks;
    }

    @Test
    void noMoreThanTheWindowOfQos1MessagesIsUnacknowledgedAtOnce() {
        outbound.start(connection);
        List<RecordingAck> acks = offer(5, 1, false);

        assertThat(connection.payloads()).containsExactly("m0", "m1", "m2");
        assertThat(outbound.queued()).isEqualTo(2);
        outbound.onPuback(connection.sent.getFirst().packetId());
        assertThat(connection.payloads()).containsExactly("m0", "m1", "m2", "m3");
        assertThat(acks.getFirst().acknowledged).isEqualTo(1);
        assertThat(acks.get(1).acknowledged).isZero();
    }

    @Test
    void inFlightMessagesHaveDistinctPacketIds() {
        outbound.start(connection);
        offer(WINDOW, 2, false);

        assertThat(connection.sent).extracting(FakeConnection.Sent::packetId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).isBetween(1, 65_535));
    }

    @Test
    void nothingIsWrittenWhileTheSocketTakesNoMoreData() {
        connection.writable = false;
        outbound.start(connection);
        offer(2, 0, false);

        assertThat(connection.sent).isEmpty();
        connection.writable = true;
        outbound.drain();
        assertThat(connection.payloads()).containsExactly("m0", "m1");
    }

    @Test
    void qos0MessagesOfSharedSubscriptionsAreDroppedPastTheQueueLimit() {
        connection.writable = false;
        outbound.start(connection);
        List<RecordingAck> acks = offer(7, 0, true);

        assertThat(outbound.queued()).isEqualTo(5);
        assertThat(dropped.sum()).isEqualTo(2);
        assertThat(acks.get(6).acknowledged).as("a dropped message is settled").isEqualTo(1);
    }

    /** [MQTT-4.4.0-1] after a reconnect, unacknowledged messages are re-sent with their packet ids and DUP. */
    @Test
    void aPersistentSessionResendsUnacknowledgedMessagesWithTheirPacketIdsAndDup() {
        outbound.start(connection);
        List<RecordingAck> acks = offer(2, 1, false);
        List<Integer> ids = connection.sent.stream().map(FakeConnection.Sent::packetId).toList();

        outbound.stop(true);
        assertThat(acks).allSatisfy(ack -> assertThat(ack.released).isEqualTo(1));
        FakeConnection again = new FakeConnection("b");
        outbound.start(again);
        outbound.offer(RecordingAck.delivery("t", "m0", 1, "id0", new RecordingAck()), 1, false);
        outbound.offer(RecordingAck.delivery("t", "m1", 1, "id1", new RecordingAck()), 1, false);

        assertThat(again.sent).extracting(FakeConnection.Sent::packetId).containsExactlyElementsOf(ids);
        assertThat(again.sent).allSatisfy(sent -> assertThat(sent.dup()).isTrue());
    }

    /** [MQTT-4.3.3-1] QoS 2: acknowledged to the backend on PUBREC; PUBREL re-sent after a reconnect. */
    @Test
    void aQos2MessageIsSettledOnPubrecAndItsPubrelResentAfterAReconnect() {
        outbound.start(connection);
        List<RecordingAck> acks = offer(1, 2, false);
        int id = connection.sent.getFirst().packetId();

        outbound.onPubrec(id);
        assertThat(acks.getFirst().acknowledged).isEqualTo(1);
        assertThat(connection.pubrels).containsExactly(id);
        outbound.stop(true);
        FakeConnection again = new FakeConnection("b");
        outbound.start(again);

        assertThat(again.pubrels).containsExactly(id);
        assertThat(again.sent).isEmpty();
        outbound.onPubcomp(id);
        offer(WINDOW, 1, false);
        assertThat(again.sent).hasSize(WINDOW);
    }

    private static Delivery delivery(String messageId) {
        return new Delivery("t", new byte[0], 1, false, messageId, false, Delivery.Acknowledgement.NONE);
    }

    private static List<Integer> packetIds(FakeConnection connection) {
        return connection.sent.stream().map(FakeConnection.Sent::packetId).toList();
    }

    @Test
    void withEveryPacketIdTakenTheEventLoopDoesNotSpinAndTheOldestReservationIsGivenUp() {
        Outbound exhausted = new Outbound("EXHAUST", new SessionSettings(65_535, 100_000, Duration.ZERO), new LongAdder());
        exhausted.start(new FakeConnection("first"));
        for (int i = 0; i < 65_535; i++) {
            exhausted.offer(delivery("old" + i), 1, false);
        }
        // The client goes away with all 65,535 unacknowledged: each id stays reserved for its redelivery.
        exhausted.stop(true);
        FakeConnection second = new FakeConnection("second");
        exhausted.start(second);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> exhausted.offer(delivery("new"), 1, false),
                "allocating a packet id with none free must not loop for ever");
        assertThat(packetIds(second)).as("the oldest reservation (id 1) was given up").containsExactly(1);

        // The redelivery of another old message still gets its own id back.
        exhausted.offer(delivery("old7"), 1, false);
        assertThat(packetIds(second)).containsExactly(1, 8);
        assertThat(exhausted.reservedPacketIdCount()).isEqualTo(65_533);
    }

    @Test
    void reservationsForRedeliveriesThatNeverComeStayWithinTheWindow() {
        int window = 10;
        Outbound churned = new Outbound("CHURN", new SessionSettings(window, 1000, Duration.ZERO), new LongAdder());
        for (int round = 0; round < 500; round++) {
            churned.start(new FakeConnection("round" + round));
            for (int i = 0; i < window; i++) {
                // Messages the backend never gives back (expired, say): their reservations would pile up.
                churned.offer(delivery("round" + round + "-" + i), 1, false);
            }
            churned.stop(true);
        }
        assertThat(churned.reservedPacketIdCount()).isLessThanOrEqualTo(window);
        FakeConnection last = new FakeConnection("last");
        churned.start(last);
        churned.offer(delivery("fresh"), 1, false);
        assertThat(last.sent).hasSize(1);
    }

    /**
     * Ordered topics [MQTT-4.6.0-6] (MQTT 5 section 4.6): a QoS 2 message to a persistent session goes
     * out once its packet id is stored; a QoS 1 or 0 message queued behind it must not overtake it
     * meanwhile (DeviceSubscriptionsTest saw "one" arrive before "two" under load).
     */
    @Test
    void messagesBehindAQos2MessageWaitingForItsStoreDoNotOvertakeIt() {
        java.util.concurrent.CompletableFuture<Void> store = new java.util.concurrent.CompletableFuture<>();
        Outbound persistent = new Outbound("ORDER", new SessionSettings(WINDOW, 5, Duration.ZERO), dropped, () -> store);
        persistent.start(connection);
        persistent.offer(RecordingAck.delivery("t", "two", 2, "id2", new RecordingAck()), 2, false);
        persistent.offer(RecordingAck.delivery("t", "one", 1, "id1", new RecordingAck()), 1, false);
        persistent.offer(RecordingAck.delivery("t", "zero", 0, "id0", new RecordingAck()), 0, false);

        assertThat(connection.payloads()).as("nothing before the QoS 2 message's id is stored").isEmpty();
        store.complete(null);
        assertThat(connection.payloads()).containsExactly("two", "one", "zero");
    }
}
