package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.Delivery;

/**
 * Unit tests of the outbound packet-id bookkeeping of one session (issue 11, defect 5): a packet id
 * can be used by only one unfinished exchange [MQTT-2.3.1-2], so when every id is taken nothing is
 * sent, and reservations for redeliveries stay bounded.
 */
class OutboundTest {

    /** Records what would be written to the client; always writable. */
    static final class RecordingConnection implements ClientConnection {
        final List<Integer> publishedIds = new ArrayList<>();
        final List<Integer> pubrels = new ArrayList<>();

        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public String remoteAddress() {
            return "test";
        }

        @Override
        public CompletableFuture<Void> sendPublish(String topic, byte[] payload, int qos, boolean retain, boolean dup,
                                                   int packetId, boolean needWriteConfirmation) {
            publishedIds.add(packetId);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void sendPubrel(int packetId) {
            pubrels.add(packetId);
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void closeTooSlow(int queued, Duration behindFor) {
        }

        @Override
        public void takeOver(String newRemoteAddress) {
        }

        @Override
        public void dropForBackendLoss() {
        }
    }

    private static Delivery delivery(String messageId) {
        return new Delivery("t", new byte[0], 1, false, messageId, false, Delivery.Acknowledgement.NONE);
    }

    @Test
    void withEveryPacketIdTakenTheEventLoopDoesNotSpinAndTheOldestReservationIsGivenUp() {
        Outbound outbound = new Outbound("EXHAUST", new SessionSettings(65_535, 100_000, Duration.ZERO), new LongAdder());
        RecordingConnection first = new RecordingConnection();
        outbound.start(first);
        for (int i = 0; i < 65_535; i++) {
            outbound.offer(delivery("old" + i), 1, false);
        }
        // The client goes away with all 65,535 unacknowledged: each id stays reserved for its redelivery.
        outbound.stop(true);
        RecordingConnection second = new RecordingConnection();
        outbound.start(second);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> outbound.offer(delivery("new"), 1, false),
                "allocating a packet id with none free must not loop for ever");
        assertThat(second.publishedIds).as("the oldest reservation (id 1) was given up").containsExactly(1);

        // The redelivery of another old message still gets its own id back.
        outbound.offer(delivery("old7"), 1, false);
        assertThat(second.publishedIds).containsExactly(1, 8);
        assertThat(outbound.reservedPacketIdCount()).isEqualTo(65_533);
    }

    @Test
    void reservationsForRedeliveriesThatNeverComeStayWithinTheWindow() {
        int window = 10;
        Outbound outbound = new Outbound("CHURN", new SessionSettings(window, 1000, Duration.ZERO), new LongAdder());
        for (int round = 0; round < 500; round++) {
            outbound.start(new RecordingConnection());
            for (int i = 0; i < window; i++) {
                // Messages the backend never gives back (expired, say): their reservations would pile up.
                outbound.offer(delivery("round" + round + "-" + i), 1, false);
            }
            outbound.stop(true);
        }
        assertThat(outbound.reservedPacketIdCount()).isLessThanOrEqualTo(window);
        RecordingConnection last = new RecordingConnection();
        outbound.start(last);
        outbound.offer(delivery("fresh"), 1, false);
        assertThat(last.publishedIds).hasSize(1);
    }
}
