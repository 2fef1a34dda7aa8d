package org.telemetrybridge.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.session.port.SubscriptionOptions;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.ClientConnection;
import org.telemetrybridge.session.port.BackendRefusedException;
import org.telemetrybridge.session.port.ConnectionInfo;
import org.telemetrybridge.topic.SharedFilter;
import org.telemetrybridge.topic.TopicFilter;

/**
 * The state of one client identifier: its subscriptions, the QoS 1/2 exchanges in both directions
 * and its will. A clean session lives as long as its connection; a persistent one outlives it, and
 * its subscriptions, unreleased inbound QoS 2 packet ids and unfinished outbound QoS 2 exchanges are
 * stored in the backend so it also outlives a restart of the bridge. A persistent session's
 * subscriptions are device subscriptions in the backend: their messages come, like point-to-point
 * ones, through the transmit queue ({@link PointToPoint}), whether the client is connected or away. It owns the subscriptions and
 * the connection's life; the rest is in the parts it puts together: {@link InboundQos2} (exchanges
 * the client started), {@link Outbound} (messages on their way to the client), {@link BackPressure}
 * (pausing the sources of a client that falls behind) and its {@link SerialLane}.
 *
 * <p>Threading: while a connection is attached, everything except the backend delivery entry
 * points runs on that connection's event loop. Blocking backend work runs on the registry's
 * backend executor, one task after another per session (its lane).
 */
public final class Session {

    /** A topic filter and the QoS the client asked for. */
    public record Subscription(String filter, int qos) {
    }

    private final String clientId;
    private final boolean persistent;
    private final SessionRegistry registry;
    private final Map<String, Integer> subscriptions = new ConcurrentHashMap<>();
    /**
     * The MQTT 5 options of the filters that have any (No Local, Retain As Published, Subscription
     * Identifier); stored with a persistent session.
     */
    private final Map<String, SubscriptionOptions> options = new ConcurrentHashMap<>();
    /** Inbound QoS 2 packet ids whose PUBLISH was taken and whose PUBREL has not come yet. */
    private final InboundQos2 inboundQos2 = new InboundQos2();
    private final Outbound outbound;
    private volatile ClientConnection connection;
    /** MQTT 5 Session Expiry Interval in seconds as the client set it; -1 for 3.x clients (the bridge's expiry). */
    private volatile long expiryInterval = -1;
    /**
     * When the client went away, in epoch milliseconds; while connected, 0. A restored session counts
     * from its restore: the stored state does not say when its client left, so a restart only ever
     * lengthens an expiry.
     */
    private volatile long awaySince = System.currentTimeMillis();
    private CompletableFuture<Void> detached = CompletableFuture.completedFuture(null);
    private Will will;
    /** The will of the last connection while it waits out its Will Delay Interval; null if none. */
    private DelayedWill delayedWill;
    /** That will as a persistent session stores it, so that it survives a restart; null if none. */
    private volatile SessionState.WaitingWill waitingWill;
    private final BackPressure backPressure;
    /** This session's backend work, one task at a time; point-to-point work for the client joins it. */
    private final SerialLane lane;

    Session(String clientId, boolean persistent, SessionRegistry registry) {
        this.clientId = clientId;
        this.persistent = persistent;
        this.registry = registry;
        this.lane = new SerialLane(registry.backendExecutor());
        this.outbound = new Outbound(clientId, registry.settings(), registry.droppedCounter(),
                persistent ? () -> registry.backend().saveSession(state()) : null);
        this.backPressure = new BackPressure(registry.settings(), outbound, this::setSourcesPaused, () -> connection);
    }

    static Session restored(SessionState state, SessionRegistry registry) {
        Session session = new Session(state.clientId(), true, registry);
        session.subscriptions.putAll(state.subscriptions());
        session.options.putAll(state.options());
        session.expiryInterval = state.expiryInterval();
        session.sharedFilters().forEach(shared -> registry.shareGroups().restore(session, SharedFilter.parse(shared)));
        session.inboundQos2.restore(state.pendingQos2());
        session.outbound.restore(state.outboundQos2(), state.completedQos2());
        SessionState.WaitingWill stored = state.waitingWill();
        if (stored != null) {
            // Due while the bridge was down: goes at once; else the rest of its delay.
            long delay = Math.max(0, (stored.publishAt() - System.currentTimeMillis() + 999) / 1000);
            Will will = new Will(stored.topic(), stored.payload(), stored.qos(), stored.retain(), stored.properties(), delay);
            session.waitingWill = stored;
            session.delayedWill = DelayedWill.schedule(() -> session.willDelayPassed(will), delay,
                    registry.backendExecutor());
        }
        return session;
    }

    public String clientId() {
        return clientId;
    }

    /**
     * The MQTT 5 Session Expiry Interval in seconds, as the client set it in CONNECT or DISCONNECT: 0
     * ends the session with its connection, 0xFFFFFFFF never; -1 for 3.x clients. The bridge's own expiry
     * (bridge.session.expiry) applies where it is shorter.
     */
    public long expiryInterval() {
        return expiryInterval;
    }

    /** Sets the interval; a persistent session stores a changed one, so that it holds after a restart. */
    public void expiryInterval(long seconds) {
        long before = expiryInterval;
        expiryInterval = seconds;
        if (persistent && before != seconds) {
            storeState();
        }
    }

    public boolean persistent() {
        return persistent;
    }

    /** When the client went away (epoch milliseconds), or 0 while it is connected. */
    public long awaySince() {
        return awaySince;
    }

    /** Whether a will waits out its Will Delay Interval (MQTT 5), for operators and tests. */
    public synchronized boolean willPending() {
        return delayedWill != null && delayedWill.pending();
    }

    public boolean connected() {
        return connection != null;
    }

    ClientConnection connection() {
        return connection;
    }

    /** Messages sent to the client and not yet acknowledged; safe to read from any thread (approximate). */
    public int inflightMessages() {
        return outbound.inflight();
    }

    /** The client's subscriptions, filter by filter; a copy, safe from any thread. */
    public List<Subscription> subscriptions() {
        return subscriptions.entrySet().stream().map(e -> new Subscription(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparing(Subscription::filter)).toList();
    }

    /** The connection's details, while connected. */
    public Optional<ConnectionInfo> connectionInfo() {
        ClientConnection current = connection;
        return current == null ? Optional.empty() : Optional.of(current.info());
    }

    /** When the connection last received and sent a packet; empty while the client is away. */
    public Optional<ClientConnection.Activity> activity() {
        ClientConnection current = connection;
        return current == null ? Optional.empty() : Optional.of(current.activity());
    }

    /** Messages waiting behind the in-flight window; safe to read from any thread (approximate). */
    public int queuedMessages() {
        return outbound.queued();
    }

    SessionState state() {
        // Built for every persistent QoS 2 publish: copy only when some filter has options.
        Map<String, SubscriptionOptions> kept = options.isEmpty() ? Map.of() : new java.util.HashMap<>(options);
        if (!kept.isEmpty()) {
            kept.keySet().retainAll(subscriptions.keySet());
        }
        return new SessionState(clientId, subscriptions, inboundQos2.packetIds(), outbound.flows(), outbound.completed(),
                kept, expiryInterval, waitingWill);
    }

    // --- connection life ---------------------------------------------------------------------------

    /**
     * Attaches a new connection; stores a new persistent session. If that backend work fails, the
     * connection is detached again (no will, nothing logged as a lost connection) before the returned
     * future fails: a refused CONNECT leaves the session as it was. A resumed session's messages need
     * nothing opened here: {@link PointToPoint} delivers what waits for it once it is attached.
     */
    CompletableFuture<Void> attach(ClientConnection connection, Will will, boolean newSession) {
        synchronized (this) {
            this.connection = connection;
            this.awaySince = 0;
            this.will = will;
            this.detached = new CompletableFuture<>();
            if (delayedWill != null) {
                delayedWill.cancel(); // back in time: not published [MQTT-3.1.3-9]
                delayedWill = null;
            }
        }
        if (persistent && !newSession && waitingWill != null) {
            waitingWill = null;
            storeState(); // nor after a restart
        }
        if (!persistent || !newSession) {
            return CompletableFuture.completedFuture(null);
        }
        return registry.backend().saveSession(state()).exceptionallyCompose(failure -> {
            CompletableFuture<Void> undone = new CompletableFuture<>();
            connection.executor().execute(() -> {
                detach(connection, true);
                undone.complete(null);
            });
            return undone.thenCompose(v -> CompletableFuture.failedFuture(failure));
        });
    }

    /** Starts sending to the attached connection, after CONNACK. */
    public void startDelivery() {
        outbound.start(connection);
        List<String> shared = sharedFilters();
        if (persistent && !shared.isEmpty()) {
            // A resumed member of $share groups consumes again; what waited in a durable group comes now.
            runOnBackend(() -> shared.forEach(filter -> {
                try {
                    registry.shareGroups().connect(this, SharedFilter.parse(filter));
                } catch (RuntimeException e) {
                    BridgeLog.subscribeFailed(clientId, remote(), filter, e);
                }
            }));
        }
    }

    /** This session's $share subscriptions. */
    private List<String> sharedFilters() {
        return subscriptions.keySet().stream().filter(SharedFilter::isShared).toList();
    }

    /** The future completed once the current connection has detached. */
    synchronized CompletableFuture<Void> detachedFuture() {
        return detached;
    }

    /**
     * Detaches the connection that just closed. Publishes the will unless the client sent DISCONNECT,
     * returns unacknowledged messages to the backend and, for a clean session, ends the session.
     */
    public void detach(ClientConnection closed, boolean cleanDisconnect) {
        CompletableFuture<Void> done;
        synchronized (this) {
            if (connection != closed) {
                return;
            }
            connection = null;
            awaySince = System.currentTimeMillis();
            done = detached;
        }
        Will lastWill = will;
        will = null;
        boolean willPublished = !cleanDisconnect && lastWill != null;
        if (willPublished) {
            long delay = willDelaySeconds(lastWill);
            if (delay == 0) {
                publishWill(lastWill);
            } else {
                // Published unless the client is back by then (attach cancels it) [MQTT-3.1.3-9]; stored
                // with the session (only a persistent one has a delay), so a restart does not lose it.
                SessionState.WaitingWill stored = new SessionState.WaitingWill(lastWill.topic(), lastWill.payload(),
                        lastWill.qos(), lastWill.retain(), lastWill.properties(), System.currentTimeMillis() + delay * 1000);
                DelayedWill waiting = DelayedWill.schedule(() -> willDelayPassed(lastWill), delay, registry.backendExecutor());
                boolean store;
                synchronized (this) {
                    store = connection == null;
                    if (store) {
                        delayedWill = waiting;
                        waitingWill = stored;
                    } else {
                        waiting.cancel(); // already back
                    }
                }
                if (store) {
                    storeState();
                }
            }
        }
        if (!cleanDisconnect) {
            BridgeLog.connectionLost(clientId, closed.remoteAddress(), willPublished);
        }
        outbound.stop(persistent);
        CompletableFuture<Void> cleanup;
        backPressure.reset();
        if (persistent) {
            // Its device subscriptions go on putting its messages on the transmit queue, to wait for it;
            // its $share groups hand its unacknowledged messages to other members, or keep them.
            List<String> shared = sharedFilters();
            cleanup = runOnBackend(() -> shared.forEach(filter -> registry.shareGroups().disconnect(this, filter)));
        } else {
            List<String> filters = new ArrayList<>(subscriptions.keySet());
            cleanup = runOnBackend(() -> filters.forEach(this::removeFromBackend));
            registry.ended(this);
        }
        registry.detached(this);
        cleanup.whenComplete((v, e) -> done.complete(null));
    }

    /**
     * The will's delay has passed: it goes, and leaves the stored session (unless the session is being
     * discarded, which clears {@link #waitingWill} first and deletes the stored state itself).
     */
    private void willDelayPassed(Will lastWill) {
        publishWill(lastWill);
        if (waitingWill != null) {
            waitingWill = null;
            storeState();
        }
    }

    /** Stores this persistent session's state, on the backend's lane; a failure is logged. */
    private void storeState() {
        runOnBackend(() -> registry.backend().saveSession(state()).exceptionally(failure -> {
            BridgeLog.sessionStoreFailed(clientId, failure);
            return null;
        }));
    }

    private void publishWill(Will lastWill) {
        registry.publish(lastWill.toPublication(clientId), null).exceptionally(e -> {
            BridgeLog.willFailed(clientId, lastWill.topic(), e);
            return null;
        });
    }

    /**
     * How long the will waits: its Will Delay Interval, but no longer than the session lives, since the
     * will goes when the session ends, whichever comes first [MQTT-3.1.3-9]; a clean session ends now.
     */
    private long willDelaySeconds(Will lastWill) {
        if (lastWill.delaySeconds() == 0 || !persistent) {
            return 0;
        }
        long delay = lastWill.delaySeconds();
        if (expiryInterval >= 0) {
            delay = Math.min(delay, expiryInterval);
        }
        long limit = registry.sessionExpiryLimit(clientId).toSeconds();
        return limit > 0 ? Math.min(delay, limit) : delay;
    }

    /**
     * Deletes what a persistent session holds in the backend: its device subscriptions (what they put on
     * the transmit queue stays, for the router to dead-letter) and its stored state. Used when a clean
     * session replaces it, and by purge and expiry; completes with the device subscriptions removed.
     */
    CompletableFuture<Integer> discard() {
        DelayedWill waiting;
        synchronized (this) {
            waiting = delayedWill;
            delayedWill = null;
            waitingWill = null; // its stored state is deleted below, not stored again
        }
        if (waiting != null) {
            waiting.publishNow(); // the session ends before the delay: the will goes now [MQTT-3.1.3-9]
        }
        List<String> shared = sharedFilters();
        List<String> filters = subscriptions.keySet().stream().filter(f -> !SharedFilter.isShared(f)).toList();
        subscriptions.clear();
        return supplyOnBackend(() -> {
            shared.forEach(filter -> registry.shareGroups().leave(this, filter));
            int removed = registry.deviceSubscriptions().unsubscribeAll(clientId);
            registry.backend().deleteSession(clientId, filters);
            return removed;
        });
    }

    // --- inbound publications (client to backend) -------------------------------------------------

    /**
     * Takes a PUBLISH from the client. The future completes when the client may be acknowledged:
     * PUBACK for QoS 1, PUBREC for QoS 2. A QoS 2 packet id already taken is not published again.
     */
    public CompletableFuture<Void> acceptPublish(Publication publication, int packetId) {
        if (publication.qos() < 2) {
            return registry.publish(publication, null);
        }
        return inboundQos2.accept(packetId, () -> registry.publish(publication, persistent ? state() : null));
    }

    /**
     * Whether a packet id is in use by an inbound QoS 2 exchange the client has not finished (PUBREC sent,
     * PUBREL not yet come), also from an earlier connection: the client may not use it for another packet
     * until the exchange is over [MQTT-2.2.1-3].
     */
    public boolean packetIdInUse(int packetId) {
        return inboundQos2.packetIds().contains(packetId);
    }

    /** Takes a PUBREL; the future completes when PUBCOMP may be sent, with whether the packet id was known. */
    public CompletableFuture<Boolean> release(int packetId) {
        boolean known = inboundQos2.release(packetId);
        if (!known || !persistent) {
            return CompletableFuture.completedFuture(known);
        }
        return registry.backend().saveSession(state()).thenApply(v -> true);
    }

    // --- subscriptions ----------------------------------------------------------------------------

    /**
     * Subscribes; the future gives, for each request in order, the QoS granted, or empty where the
     * backend refused the subscription (the edge turns that into its protocol's failure code).
     */
    public CompletableFuture<List<Optional<Integer>>> subscribe(List<Subscription> requests) {
        // The filters that are new to this session: each gets its backend subscription once, even
        // when a SUBSCRIBE names it twice (the later QoS then replaces the earlier).
        Set<String> added = new HashSet<>();
        for (Subscription request : requests) {
            if (subscriptions.put(request.filter(), request.qos()) == null) {
                added.add(request.filter());
            }
        }
        CompletableFuture<List<Optional<Integer>>> result = new CompletableFuture<>();
        String user = connectionInfo().map(ConnectionInfo::userName).orElse(null);
        runOnBackend(() -> {
            List<Optional<Integer>> granted = new ArrayList<>(requests.size());
            for (Subscription request : requests) {
                try {
                    if (SharedFilter.isShared(request.filter())) {
                        // A new QoS of a group it is in replaces the old, as for any filter [MQTT-3.8.4-3].
                        registry.shareGroups().join(this, SharedFilter.parse(request.filter()));
                    } else if (persistent) {
                        // Every request, also for a filter it has: a new QoS replaces the old [MQTT-3.8.4-3].
                        registry.deviceSubscriptions().subscribe(clientId, user, queueManagerName(), request.filter(),
                                request.qos(), optionsOf(request.filter()).noLocal());
                    } else if (added.remove(request.filter())) {
                        registry.shared().add(this, request.filter());
                    }
                    granted.add(Optional.of(request.qos()));
                } catch (ShareGroups.QuotaExceeded e) {
                    subscriptions.remove(request.filter(), request.qos());
                    BridgeLog.shareGroupQuotaExceeded(clientId, remote(), request.filter(), e.getMessage());
                    granted.add(Optional.empty());
                } catch (RuntimeException e) {
                    subscriptions.remove(request.filter(), request.qos());
                    if (e instanceof BackendRefusedException refused) {
                        BridgeLog.subscribeRefusedByBackend(clientId, remote(), request.filter(), refused.getMessage());
                    } else {
                        BridgeLog.subscribeFailed(clientId, remote(), request.filter(), e);
                    }
                    granted.add(Optional.empty());
                }
            }
            result.complete(granted);
        });
        if (!persistent) {
            return result;
        }
        return result.thenCompose(granted -> registry.backend().saveSession(state()).thenApply(v -> granted));
    }

    /** The retained publications matching one new subscription. */
    public record RetainedFor(Subscription subscription, List<Delivery> publications) {
    }

    /**
     * Reads the retained publications matching new subscriptions on the backend thread, after the
     * subscriptions themselves: on IBM MQ that means opening a consumer and waiting for it, which
     * must not stall the network thread. A subscription whose read fails is left out (TBR0046W).
     */
    public CompletableFuture<List<RetainedFor>> readRetained(List<Subscription> subscriptions) {
        return supplyOnBackend(() -> {
            List<RetainedFor> found = new ArrayList<>(subscriptions.size());
            for (Subscription subscription : subscriptions) {
                try {
                    found.add(new RetainedFor(subscription, registry.backend().retained(subscription.filter())));
                } catch (RuntimeException e) {
                    BridgeLog.retainedReadFailed(clientId, remote(), subscription.filter(), e);
                }
            }
            return found;
        });
    }

    /** Sends retained publications read by {@link #readRetained}; call on the connection's thread, after SUBACK. */
    public void sendRetained(List<RetainedFor> found) {
        for (RetainedFor each : found) {
            SubscriptionOptions set = optionsOf(each.subscription().filter());
            List<Integer> ids = set.hasId() ? List.of(set.subscriptionId()) : List.of();
            for (Delivery retained : each.publications()) {
                outbound.offer(retained.forSubscriber(true, ids), Math.min(each.subscription().qos(), retained.qos()),
                        false);
            }
        }
    }

    /**
     * Sets the MQTT 5 options of a filter (No Local, Retain As Published, Subscription Identifier), before
     * {@link #subscribe}; a persistent session stores them with its subscriptions.
     */
    public void options(String filter, SubscriptionOptions set) {
        if (set.equals(SubscriptionOptions.NONE)) {
            options.remove(filter);
        } else {
            options.put(filter, set);
        }
    }

    private SubscriptionOptions optionsOf(String filter) {
        return options.getOrDefault(filter, SubscriptionOptions.NONE);
    }

    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        List<String> removed = filters.stream().filter(f -> subscriptions.remove(f) != null).toList();
        removed.forEach(options::remove);
        CompletableFuture<Void> done = runOnBackend(() -> {
            for (String filter : removed) {
                if (persistent && !SharedFilter.isShared(filter)) {
                    registry.deviceSubscriptions().unsubscribe(clientId, filter);
                } else {
                    removeFromBackend(filter);
                }
            }
        });
        return persistent ? done.thenCompose(v -> registry.backend().saveSession(state())) : done;
    }

    /** Leaves a $share group, or the clean sessions' shared subscription of a filter. */
    private void removeFromBackend(String filter) {
        if (SharedFilter.isShared(filter)) {
            registry.shareGroups().leave(this, filter);
        } else {
            registry.shared().remove(this, filter);
        }
    }

    // --- outbound (backend to client) -------------------------------------------------------------

    /**
     * A message of one of this clean session's shared subscriptions, on a backend thread. With
     * overlapping subscriptions every matching one receives the message; only the one that grants the
     * highest QoS (ties: the lowest filter) passes it on, so the client gets it once at that QoS.
     */
    void deliverFromSubscription(String filter, Delivery delivery) {
        ClientConnection current = connection;
        String best = null;
        int bestQos = -1;
        boolean own = clientId.equals(delivery.publisher());
        // One copy for all matching subscriptions: it carries all their identifiers [MQTT-3.3.4-4], and
        // RETAIN as published if any of them asks for it.
        List<Integer> ids = List.of(); // made only for a match with an identifier: most have none
        boolean retain = false;
        for (Map.Entry<String, Integer> subscription : subscriptions.entrySet()) {
            String candidate = subscription.getKey();
            int qos = subscription.getValue();
            SubscriptionOptions set = optionsOf(candidate);
            if ((own && set.noLocal()) || SharedFilter.isShared(candidate)) {
                continue; // [MQTT-3.8.3-3]; a $share group's messages come through the group
            }
            if (!TopicFilter.matches(candidate, delivery.topic())) {
                continue;
            }
            if (set.hasId()) {
                ids = ids.isEmpty() ? List.of(set.subscriptionId()) : plus(ids, set.subscriptionId());
            }
            retain |= set.retainAsPublished() && delivery.publishedRetained();
            if (qos > bestQos || (qos == bestQos && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestQos = qos;
            }
        }
        if (current == null || !filter.equals(best)) {
            return; // not this client's copy, or it just left
        }
        int qos = Math.min(bestQos, delivery.qos());
        Delivery marked = delivery.forSubscriber(retain, ids);
        current.executor().execute(() -> {
            if (connection == current) {
                // Only QoS 0 may be dropped for a full queue; QoS 1 and 2 wait in the backend instead.
                outbound.offer(marked, qos, qos == 0);
                backPressure.afterOffer(current);
            }
        });
    }

    /** The identifiers with one more, in order; immutable, so that the PUBLISH takes them without a copy. */
    private static List<Integer> plus(List<Integer> ids, int id) {
        List<Integer> more = new ArrayList<>(ids);
        more.add(id);
        more.sort(null);
        return List.copyOf(more);
    }

    /**
     * A message a $share group's subscription handed to this member, on a backend thread. If the
     * client is gone by the time it would be queued, the message stays unacknowledged: closing the
     * member's consumer gives it to another member.
     */
    void deliverFromGroup(String shared, Delivery delivery) {
        ClientConnection current = connection;
        Integer granted = subscriptions.get(shared);
        if (current == null || granted == null) {
            delivery.acknowledgement().release();
            return;
        }
        int qos = Math.min(granted, delivery.qos());
        // Its Subscription Identifier and Retain As Published, as for any subscription [MQTT-3.3.4-3].
        SubscriptionOptions set = optionsOf(shared);
        Delivery marked = delivery.forSubscriber(set.retainAsPublished() && delivery.publishedRetained(),
                set.hasId() ? List.of(set.subscriptionId()) : List.of());
        current.executor().execute(() -> {
            if (connection == current) {
                // As for other subscriptions: only QoS 0 may be dropped for a full queue.
                outbound.offer(marked, qos, qos == 0);
                backPressure.afterOffer(current);
            } else {
                delivery.acknowledgement().release();
            }
        });
    }

    /**
     * A message addressed to this client alone (transmit queue), on a backend thread. If the client
     * is gone by the time it would be queued, the message is released back to the backend.
     */
    public void deliverDirect(Delivery delivery) {
        ClientConnection current = connection;
        if (current == null) {
            delivery.acknowledgement().release();
            return;
        }
        Delivery marked = throughDeviceSubscription(delivery);
        current.executor().execute(() -> {
            if (connection == current) {
                outbound.offer(marked, marked.qos(), false);
            } else {
                delivery.acknowledgement().release();
            }
        });
    }

    /**
     * A message one of this persistent session's device subscriptions put on the transmit queue, as sent
     * through that subscription: its Subscription Identifier [MQTT-3.3.4-5] and RETAIN as published if it
     * asks for that [MQTT-3.3.1-12]. Point-to-point messages, and those whose subscription the backend
     * does not name (IBM MQ), go as they are.
     */
    private Delivery throughDeviceSubscription(Delivery delivery) {
        if (delivery.subscription() == null || !subscriptions.containsKey(delivery.subscription())) {
            return delivery;
        }
        SubscriptionOptions set = optionsOf(delivery.subscription());
        return delivery.forSubscriber(set.retainAsPublished() && delivery.publishedRetained(),
                set.hasId() ? List.of(set.subscriptionId()) : List.of());
    }

    public void onPuback(int packetId) {
        outbound.onPuback(packetId);
        backPressure.afterProgress();
    }

    public void onPubrec(int packetId) {
        outbound.onPubrec(packetId);
    }

    public void onPubcomp(int packetId) {
        outbound.onPubcomp(packetId);
        backPressure.afterProgress();
    }

    /** The socket takes data again. */
    public void resumeOutbound() {
        outbound.drain();
        backPressure.afterProgress();
    }

    /**
     * Pauses or resumes, on the backend's threads, the shared subscriptions feeding this clean session.
     * A persistent session's messages need no pause: while it is behind, the router holds them for it.
     */
    private void setSourcesPaused(boolean pause) {
        List<String> filters = persistent ? sharedFilters() : new ArrayList<>(subscriptions.keySet());
        runOnBackend(() -> {
            for (String filter : filters) {
                if (SharedFilter.isShared(filter)) {
                    registry.shareGroups().pause(this, filter, pause);
                } else if (pause) {
                    registry.shared().behind(this, filter);
                } else {
                    registry.shared().caughtUp(this, filter);
                }
            }
        });
    }

    /** The name MQ applications address this client by, and its device subscriptions' messages carry. */
    private String queueManagerName() {
        String name = registry.queueManagerName(clientId);
        return name != null ? name : clientId;
    }

    private String remote() {
        ClientConnection current = connection;
        return current == null ? "(disconnected)" : current.remoteAddress();
    }

    /** Runs backend work of this session on the backend pool, after the work submitted before it. */
    CompletableFuture<Void> runOnBackend(Runnable task) {
        return lane.run(task);
    }

    /** As {@link #runOnBackend}, for a task with a result. */
    private <T> CompletableFuture<T> supplyOnBackend(Supplier<T> task) {
        return lane.supply(task);
    }
}
