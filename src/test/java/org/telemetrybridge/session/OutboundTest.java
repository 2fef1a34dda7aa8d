package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

/** The outbound half of a session: in-flight window, socket back-pressure, packet ids across a reconnect. */
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
}
