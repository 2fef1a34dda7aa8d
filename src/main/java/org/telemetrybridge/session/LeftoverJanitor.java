package org.telemetrybridge.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.DeviceSubscriptions;
import org.telemetrybridge.session.port.TransmitQueue;
import org.telemetrybridge.session.port.UndeliverableReason;

/**
 * Finds what the backend keeps for client ids the bridge has no session for: messages held for them on
 * the transmit path, and device subscriptions (which go on putting messages on the transmit queue for
 * nobody: under MQ Telemetry such subscriptions filled SYSTEM.MQTT.TRANSMIT.QUEUE, APARs IT37881,
 * IT27271). They arise when state is lost (a purge or an expiry interrupted by a crash, a session store
 * emptied by hand) or belong to someone else sharing the queue manager. Each sweep logs them
 * (TBR0390W) and counts them; with {@link Action#REMOVE}, a client id whose leftovers have been seen for
 * the grace time loses them (TBR0391I): held messages dead-lettered or discarded as
 * {@link PointToPoint#waitingMessages()} says, subscriptions deleted. A removal runs in the client id's
 * connect order, so a device that comes back meanwhile keeps what waits for it.
 */
public final class LeftoverJanitor {

    /** What a sweep does with leftovers. */
    public enum Action {
        /** Log and count them only: an operator decides (purge, or the MQ tools). */
        REPORT,
        /** Also remove those seen for at least the grace time. */
        REMOVE
    }

    /**
     * @param action what to do with leftovers
     * @param grace  how long a client id's leftovers must be seen before they are removed
     */
    public record Settings(Action action, Duration grace) {
    }

    /** One client id's leftovers. */
    public record Leftover(String clientId, int heldMessages, int subscriptions) {
    }

    private static final int EXAMPLES = 5;
    private static final long REMOVE_TIMEOUT_SECONDS = 60;

    private final SessionRegistry registry;
    private final PointToPoint pointToPoint;
    private final TransmitQueue transmitQueue;
    private final DeviceSubscriptions subscriptions;
    private final Settings settings;
    /** When each client id's leftovers were first seen; only the sweeping thread touches it. */
    private final Map<String, Long> firstSeen = new HashMap<>();
    private volatile List<Leftover> found = List.of();
    private final LongAdder heldRemoved = new LongAdder();
    private final LongAdder subscriptionsRemoved = new LongAdder();

    /** @param subscriptions the backend's device subscriptions, or null where it has none to look at */
    public LeftoverJanitor(SessionRegistry registry, PointToPoint pointToPoint, TransmitQueue transmitQueue,
                           DeviceSubscriptions subscriptions, Settings settings) {
        this.registry = registry;
        this.pointToPoint = pointToPoint;
        this.transmitQueue = transmitQueue;
        this.subscriptions = subscriptions;
        this.settings = settings;
    }

    /** Looks for leftovers as of {@code nowMillis}, reports them and removes those past the grace time. */
    public synchronized List<Leftover> sweep(long nowMillis) {
        if (!registry.backendAvailable()) {
            // Down, or a standby bridge (active/standby) that has loaded no session: every client id
            // would look like a leftover, and REMOVE would take the active bridge's devices' messages.
            return found;
        }
        Map<String, Integer> held = transmitQueue.heldCounts();
        Set<String> subscribed = subscriptions == null ? Set.of() : subscriptions.clientIds();
        Set<String> candidates = new TreeSet<>(held.keySet());
        candidates.addAll(subscribed);
        List<Leftover> leftovers = candidates.stream()
                .filter(id -> registry.find(registry.clientIdOf(id)) == null)
                .map(id -> new Leftover(id, held.getOrDefault(id, 0),
                        subscribed.contains(id) ? subscriptions.of(id).size() : 0))
                // clientIds() may name an id that turns out to have nothing (DeviceSubscriptions#clientIds).
                .filter(leftover -> leftover.heldMessages() > 0 || leftover.subscriptions() > 0)
                .toList();
        firstSeen.keySet().retainAll(leftovers.stream().map(Leftover::clientId).toList());
        leftovers.forEach(leftover -> firstSeen.putIfAbsent(leftover.clientId(), nowMillis));
        found = leftovers;
        if (leftovers.isEmpty()) {
            return leftovers;
        }
        BridgeLog.leftoversFound(leftovers.size(), leftovers.stream().mapToLong(Leftover::heldMessages).sum(),
                leftovers.stream().mapToLong(Leftover::subscriptions).sum(),
                String.join(", ", leftovers.stream().limit(EXAMPLES).map(Leftover::clientId).toList()),
                settings.action() == Action.REMOVE
                        ? "removed once seen for " + settings.grace() + " (bridge.clean-up.leftovers=remove)"
                        : "reported only (bridge.clean-up.leftovers=report): purge them with clients purge or the MQ tools");
        if (settings.action() == Action.REMOVE) {
            removeOverdue(leftovers, nowMillis);
        }
        return leftovers;
    }

    private void removeOverdue(List<Leftover> leftovers, long nowMillis) {
        int clients = 0;
        long messages = 0;
        long deleted = 0;
        for (Leftover leftover : leftovers) {
            if (nowMillis - firstSeen.get(leftover.clientId()) < settings.grace().toMillis()) {
                continue;
            }
            int[] removed = new int[2];
            try {
                boolean ran = registry.ifNoSession(registry.clientIdOf(leftover.clientId()), () -> {
                    removed[0] = pointToPoint.removeHeld(leftover.clientId(), UndeliverableReason.UNKNOWN_CLIENT);
                    removed[1] = unsubscribeAll(leftover.clientId());
                }).get(REMOVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!ran) {
                    continue; // its client came back
                }
            } catch (Exception e) { // the backend failed or hung: the next sweep tries again
                BridgeLog.leftoverCheckFailed(e);
                continue;
            }
            firstSeen.remove(leftover.clientId());
            clients++;
            messages += removed[0];
            deleted += removed[1];
        }
        heldRemoved.add(messages);
        subscriptionsRemoved.add(deleted);
        if (clients > 0) {
            BridgeLog.leftoversRemoved(clients, messages,
                    pointToPoint.waitingMessages() == WaitingMessages.DISCARD ? "discarded" : "dead-lettered", deleted);
        }
    }

    private int unsubscribeAll(String clientId) {
        if (subscriptions == null) {
            return 0;
        }
        int deleted = 0;
        for (String filter : subscriptions.of(clientId).keySet()) {
            if (subscriptions.unsubscribe(clientId, filter)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** The leftovers the last sweep found. */
    public List<Leftover> found() {
        return found;
    }

    /** Held messages of leftovers removed since start. */
    public long heldRemoved() {
        return heldRemoved.sum();
    }

    /** Subscriptions of leftovers deleted since start. */
    public long subscriptionsRemoved() {
        return subscriptionsRemoved.sum();
    }
}
