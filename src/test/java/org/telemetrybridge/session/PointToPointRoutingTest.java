package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.port.TransmitRouter;
import org.telemetrybridge.session.port.UndeliverableReason;

/**
 * Point-to-point routing against a fake backend and transmit queue: straight to a connected client,
 * held for an away persistent session and delivered when it returns, dead-lettered otherwise, and
 * no route kept once a client has nothing held.
 */
class PointToPointRoutingTest {

    private final FakeBackend backend = new FakeBackend();
    private final FakeTransmitQueue queue = new FakeTransmitQueue();
    private SessionRegistry registry;
    private PointToPoint router;

    @BeforeEach
    void start() {
        registry = new SessionRegistry(backend, backend.devices, new SessionSettings(4, 10, Duration.ofSeconds(30)),
                Runnable::run);
        registry.start();
        router = new PointToPoint(registry, queue, new ClientIdRule(ClientIdRule.Mode.QMGR_NAME, 48), 100);
        router.start();
    }

    private static TransmitRouter.Decision route(PointToPoint router, String clientId, String payload) {
        return router.route(clientId, RecordingAck.delivery("cmd", payload, 1, payload, new RecordingAck()), true);
    }

    @Test
    void aMessageForAConnectedClientGoesStraightToIt() {
        FakeConnection device = new FakeConnection("a");
        device.connect(registry, "DEV1", true, null);

        assertThat(route(router, "DEV1", "on")).isInstanceOf(TransmitRouter.Delivered.class);
        assertThat(device.payloads()).containsExactly("on");
    }

    @Test
    void aMessageForNobodyIsDeadLetteredWithItsReason() {
        assertThat(route(router, "NOBODY", "x")).isEqualTo(new TransmitRouter.DeadLetter(UndeliverableReason.UNKNOWN_CLIENT));
        assertThat(route(router, "not a qmgr", "x"))
                .isEqualTo(new TransmitRouter.DeadLetter(UndeliverableReason.INVALID_CLIENT_ID));
    }

    @Test
    void aMessageForAnAwayPersistentSessionIsHeldAndDeliveredWhenItReturns() {
        FakeConnection first = new FakeConnection("a");
        first.connect(registry, "DEV1", false, null);
        first.close(true);

        assertThat(route(router, "DEV1", "later")).isInstanceOf(TransmitRouter.Hold.class);
        queue.hold("DEV1");
        assertThat(router.routedClients()).containsExactly("DEV1");
        FakeConnection back = new FakeConnection("b");
        back.connect(registry, "DEV1", false, null);
        RecordingAck ack = new RecordingAck();
        queue.openHeld.get("DEV1").deliver(RecordingAck.delivery("cmd", "later", 1, "m1", ack));
        assertThat(back.payloads()).containsExactly("later");
        back.session.onPuback(back.sent.getFirst().packetId());

        assertThat(ack.acknowledged).isEqualTo(1);
        assertThat(router.routedClients()).as("nothing held any more: no route kept").isEmpty();
        assertThat(route(router, "DEV1", "now")).isInstanceOf(TransmitRouter.Delivered.class);
    }

    @Test
    void aCleanSessionThatLeavesHasItsHeldMessagesDeadLettered() {
        FakeConnection device = new FakeConnection("a");
        device.connect(registry, "DEV1", true, null);
        device.writable = false;
        for (int i = 0; i < 10; i++) {
            route(router, "DEV1", "m" + i);
        }
        assertThat(route(router, "DEV1", "behind")).as("the client is too far behind").isInstanceOf(TransmitRouter.Hold.class);
        queue.hold("DEV1");

        device.close(false);

        assertThat(queue.deadLettered).containsExactly("DEV1 " + UndeliverableReason.CLIENT_DISCONNECTED);
        assertThat(router.routedClients()).isEmpty();
    }
}
