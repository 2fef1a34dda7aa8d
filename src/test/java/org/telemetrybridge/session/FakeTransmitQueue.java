package org.telemetrybridge.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.DeliverySink;
import org.telemetrybridge.session.port.TransmitQueue;
import org.telemetrybridge.session.port.TransmitRouter;
import org.telemetrybridge.session.port.UndeliverableReason;

/** The transmit queue in memory: the test routes messages through the router and plays the held queue. */
final class FakeTransmitQueue implements TransmitQueue {

    TransmitRouter router;
    final Map<String, Integer> held = new HashMap<>();
    final Map<String, DeliverySink> openHeld = new HashMap<>();
    final List<String> deadLettered = new ArrayList<>();

    @Override
    public void start(TransmitRouter router) {
        this.router = router;
    }

    @Override
    public void stop() {
    }

    @Override
    public BackendSubscription openHeld(String clientId, DeliverySink sink) {
        openHeld.put(clientId, sink);
        return () -> openHeld.remove(clientId, sink);
    }

    @Override
    public int deadLetterHeld(String clientId, UndeliverableReason reason) {
        int count = held.getOrDefault(clientId, 0);
        held.remove(clientId);
        deadLettered.add(clientId + " " + reason);
        return count;
    }

    @Override
    public Map<String, Integer> heldCounts() {
        return Map.copyOf(held);
    }

    /** Puts a message on the held queue, as the transmit queue does on a Hold decision. */
    void hold(String clientId) {
        held.merge(clientId, 1, Integer::sum);
        router.held(clientId);
    }
}
