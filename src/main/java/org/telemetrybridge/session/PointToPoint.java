package org.telemetrybridge.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.telemetrybridge.session.port.BackendListener;
import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.TransmitQueue;
import org.telemetrybridge.session.port.TransmitRouter;
import org.telemetrybridge.session.port.UndeliverableReason;
import org.telemetrybridge.log.BridgeLog;

/**
 * Point-to-point delivery: MQ applications address one client by its id (the pseudo queue manager
 * name) through the transmit queue. A message for a connected client goes straight to it. A message
 * for a persistent session whose client is away, or for a client that has fallen behind by
 * {@code max-queued-messages}, is held for it on the held-messages queue, so it neither busy-loops
 * on the transmit queue nor stalls the messages of other clients; once a client has held messages,
 * its new messages are held too until it has caught up, which keeps them in order. Anything else
 * goes to the dead-letter queue with a reason.
 */
public final class PointToPoint implements TransmitRouter, SessionListener {

    /**
     * What is known of one client's held messages. Guarded by itself. A route with nothing to know
     * (nothing held, no consumer) is removed, so there is one per client with held messages, not
     * one per client ever addressed; a removed route is marked, and whoever finds it so takes the
     * client's current one.
     */
    private static final class Route {
        int held;
        int pendingHolds;
        boolean holding;
        /** Volatile, as {@link #heldConsumer}: {@link #heldReaders} counts them without the route's lock. */
        volatile boolean opening;
        boolean removed;
        volatile BackendSubscription heldConsumer;
        /** Counts holds and acknowledgements: a linger timer that finds it changed has been outrun by traffic. */
        long activity;
        /** Queued for a reader slot ({@link #waitingForReader}). */
        boolean waitingForReader;

        /**
         * Nothing held, nothing on its way, no consumer: a new route would behave the same (a
         * holding flag left set only waits to switch back to direct delivery).
         */
        boolean idle() {
            return held == 0 && pendingHolds == 0 && !opening && heldConsumer == null && !waitingForReader;
        }
    }

    private final SessionRegistry registry;
    private final TransmitQueue queue;
    private final ClientIdRule clientIdRule;
    private final int maxHeldPerClient;
    private final Executor backendExecutor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /**
     * Set once the backend said it cannot deliver directly (store-and-forward): then every message
     * passes the held queue, and a connected client's held consumer stays open while messages keep
     * coming, closed once it has had nothing to do for {@link #heldReaderLinger}.
     */
    private volatile boolean storeAndForward;
    /**
     * Store-and-forward: how long a caught-up client's held consumer (on IBM MQ, a conversation of its
     * own) stays open for its next messages. Then conversations are held by the clients being sent
     * messages, not by every connected client (bridge.transmit.held-reader-linger).
     */
    private final Duration heldReaderLinger;
    /**
     * Clients reading their held messages at once, at most: on IBM MQ each reader is a conversation, so the
     * bridge's conversations stay under a fixed figure whatever the number of devices
     * (bridge.transmit.max-held-readers). Clients beyond it wait for a reader, their messages held.
     */
    private final int maxHeldReaders;
    private final Object readerSlots = new Object();
    private final ConcurrentLinkedQueue<String> waitingForReader = new ConcurrentLinkedQueue<>();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder heldCount = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    /** What becomes of the held messages of a removed session or a leftover (bridge.clean-up.waiting-messages). */
    private volatile WaitingMessages waitingMessages = WaitingMessages.DEAD_LETTER;

    public PointToPoint(SessionRegistry registry, TransmitQueue queue, ClientIdRule clientIdRule, int maxHeldPerClient) {
        this(registry, queue, clientIdRule, maxHeldPerClient, DEFAULT_HELD_READER_LINGER, DEFAULT_MAX_HELD_READERS);
    }

    public PointToPoint(SessionRegistry registry, TransmitQueue queue, ClientIdRule clientIdRule, int maxHeldPerClient,
                        Duration heldReaderLinger, int maxHeldReaders) {
        this.registry = registry;
        this.queue = queue;
        this.clientIdRule = clientIdRule;
        this.maxHeldPerClient = maxHeldPerClient;
        this.backendExecutor = registry.backendExecutor();
        this.heldReaderLinger = heldReaderLinger;
        this.maxHeldReaders = maxHeldReaders;
    }

    /** The default of bridge.transmit.held-reader-linger. */
    public static final Duration DEFAULT_HELD_READER_LINGER = Duration.ofSeconds(30);
    /** The default of bridge.transmit.max-held-readers. */
    public static final int DEFAULT_MAX_HELD_READERS = 100;

    /**
     * Starts draining the transmit queue. The held counts of earlier runs are read whenever the
     * backend connects (at start, or later if it is down then, and after every reconnect).
     */
    public void start() {
        registry.addListener(this);
        registry.backend().addListener(new BackendListener() {
            @Override
            public void connected() {
                loadHeldCounts();
            }

            @Override
            public void lost() {
                // Clients are dropped and held consumers die with the connection; counts are read again.
            }
        });
        queue.start(this);
    }

    private void loadHeldCounts() {
        Map<String, Integer> counts = queue.heldCounts();
        routes.forEach((clientId, route) -> {
            synchronized (route) {
                route.heldConsumer = null; // died with the connection
                route.opening = false;
                route.held = counts.getOrDefault(clientId, 0);
                route.holding = route.held > 0 || route.pendingHolds > 0;
                forgetIfIdle(clientId, route);
            }
        });
        counts.forEach((clientId, count) -> withRoute(clientId, route -> {
            route.held = count;
            route.holding = true;
            return null;
        }));
    }

    public void stop() {
        queue.stop();
        routes.values().forEach(route -> {
            synchronized (route) {
                closeHeldConsumer(route);
            }
        });
    }

    // --- TransmitRouter: on the transmit queue's thread ------------------------------------------

    @Override
    public String clientIdOf(String name) {
        return registry.clientIdOf(name);
    }

    @Override
    public Decision route(String clientId, Delivery delivery, boolean directPossible) {
        if (!directPossible) {
            storeAndForward = true;
        }
        Session session = registry.find(clientId);
        if (session == null) {
            boolean invalid = clientIdRule.mode() == ClientIdRule.Mode.QMGR_NAME
                    && ClientIdRule.queueManagerNameViolation(clientId) != null;
            return deadLetter(invalid ? UndeliverableReason.INVALID_CLIENT_ID : UndeliverableReason.UNKNOWN_CLIENT);
        }
        return withRoute(clientId, route -> {
            boolean connected = session.connected();
            if (directPossible && connected && !route.holding
                    && session.queuedMessages() < registry.settings().maxQueuedMessages()) {
                delivered.increment();
                session.deliverDirect(delivery);
                return new Delivered();
            }
            if (!connected && !session.persistent()) {
                return deadLetter(UndeliverableReason.CLIENT_DISCONNECTED);
            }
            if (route.held + route.pendingHolds >= maxHeldPerClient) {
                return deadLetter(UndeliverableReason.HELD_LIMIT_REACHED);
            }
            route.holding = true;
            route.pendingHolds++;
            if (connected) {
                openHeldConsumer(session, route);
            }
            return new Hold();
        });
    }

    @Override
    public void held(String clientId) {
        withRoute(clientId, route -> {
            route.pendingHolds--;
            route.held++;
            // The held consumer may have delivered it, and the client acknowledged it, before this count:
            // then this is the moment the client has caught up.
            switchBackIfCaughtUp(clientId, route);
            return null;
        });
        heldCount.increment();
    }

    @Override
    public void holdFailed(String clientId) {
        withRoute(clientId, route -> {
            route.pendingHolds--;
            switchBackIfCaughtUp(clientId, route);
            return null;
        });
    }

    @Override
    public void heldRemoved(String clientId, int count) {
        forgetHeld(clientId, count);
        deadLettered.add(count);
    }

    private void forgetHeld(String clientId, int count) {
        withRoute(clientId, route -> {
            route.held = Math.max(0, route.held - count);
            switchBackIfCaughtUp(clientId, route);
            return null;
        });
    }

    // --- SessionListener -------------------------------------------------------------------------

    @Override
    public void attached(Session session) {
        Route route = routes.get(session.clientId());
        if (route != null) {
            synchronized (route) {
                if (route.holding) {
                    openHeldConsumer(session, route);
                }
            }
        }
    }

    @Override
    public void detached(Session session) {
        Route route = routes.get(session.clientId());
        if (route == null) {
            return;
        }
        synchronized (route) {
            closeHeldConsumer(route);
            forgetIfIdle(session.clientId(), route);
        }
        if (!session.persistent()) {
            deadLetterHeld(session.clientId(), UndeliverableReason.CLIENT_DISCONNECTED);
        }
    }

    @Override
    public void discarded(String clientId) {
        deadLetterHeld(clientId, UndeliverableReason.SESSION_DISCARDED);
    }

    @Override
    public void removed(String clientId) {
        Route route = routes.get(clientId);
        if (route != null && held(route) > 0) {
            backendExecutor.execute(() -> removeHeld(clientId, UndeliverableReason.SESSION_REMOVED));
        }
    }

    /** Sets what becomes of the held messages of removed sessions and leftovers. */
    public void waitingMessages(WaitingMessages disposal) {
        this.waitingMessages = disposal;
    }

    public WaitingMessages waitingMessages() {
        return waitingMessages;
    }

    /**
     * Removes every message held for a client that has no session (any more): dead-lettered with the
     * reason, or discarded, as {@link #waitingMessages()} says. Blocks on the backend; returns how many.
     */
    public int removeHeld(String clientId, UndeliverableReason reason) {
        if (waitingMessages == WaitingMessages.DEAD_LETTER) {
            int moved = queue.deadLetterHeld(clientId, reason);
            heldRemoved(clientId, moved);
            return moved;
        }
        int removed = queue.discardHeld(clientId);
        forgetHeld(clientId, removed);
        discarded.add(removed);
        if (removed > 0) {
            BridgeLog.heldDiscarded(clientId, removed, reason.text());
        }
        return removed;
    }

    /** Held messages removed without dead-lettering (bridge.clean-up.waiting-messages=discard), since start. */
    public long discardedCount() {
        return discarded.sum();
    }

    // --- held messages -----------------------------------------------------------------------------

    private void openHeldConsumer(Session session, Route route) {
        if (route.heldConsumer != null || route.opening || route.waitingForReader) {
            return;
        }
        synchronized (readerSlots) { // counting and taking a slot in one step (lock order: route, then this)
            if (heldReaders() >= maxHeldReaders) {
                route.waitingForReader = true;
                waitingForReader.add(session.clientId());
                // Not under this route's lock: it takes others'. Also catches a reader closed just now.
                backendExecutor.execute(this::makeRoomForWaitingReaders);
                return;
            }
            route.opening = true;
        }
        // In the session's lane: after the work that attached it, and before the work of a detach.
        session.runOnBackend(() -> {
            BackendSubscription consumer = null;
            try {
                consumer = queue.openHeld(session.clientId(), held -> deliverHeld(session, route, held));
            } catch (RuntimeException e) {
                BridgeLog.heldOpenFailed(session.clientId(), e);
            }
            boolean kept = false;
            synchronized (route) {
                route.opening = false;
                if (consumer != null && session.connected() && route.holding && !route.removed) {
                    kept = true;
                    route.heldConsumer = consumer;
                    consumer = null;
                    if (route.held == 0 && route.pendingHolds == 0) {
                        // Caught up while it opened (a close asked for meanwhile found nothing to close).
                        switchBackIfCaughtUp(session.clientId(), route);
                    }
                }
                forgetIfIdle(session.clientId(), route);
            }
            if (consumer != null) {
                consumer.close();
            }
            if (!kept) {
                readerGone();
            }
        });
    }

    /** A reader closed, or one opened was not kept: the next waiting client gets its turn. */
    private void readerGone() {
        if (!waitingForReader.isEmpty()) {
            backendExecutor.execute(this::handOverReaderSlot); // not under a route's lock: it takes another's
        }
    }

    /**
     * Clients wait for a reader: the readers of clients that have caught up close now instead of lingering
     * (their next message reopens one), and their slots go to the waiting clients.
     */
    private void makeRoomForWaitingReaders() {
        for (Map.Entry<String, Route> entry : routes.entrySet()) {
            if (waitingForReader.isEmpty()) {
                break;
            }
            Route route = entry.getValue();
            synchronized (route) {
                if (route.heldConsumer != null && !route.opening && route.held == 0 && route.pendingHolds == 0) {
                    closeHeldConsumer(route);
                    forgetIfIdle(entry.getKey(), route);
                }
            }
        }
        handOverReaderSlot();
    }

    /** Opens a reader for the first waiting client that still needs one, if a slot is free. */
    private void handOverReaderSlot() {
        String clientId;
        while (heldReaders() < maxHeldReaders && (clientId = waitingForReader.poll()) != null) {
            Route route = routes.get(clientId);
            Session session = registry.find(clientId);
            if (route == null) {
                continue;
            }
            synchronized (route) {
                route.waitingForReader = false;
                if (session != null && session.connected() && route.holding && !route.removed) {
                    openHeldConsumer(session, route);
                } else {
                    forgetIfIdle(clientId, route);
                }
            }
        }
    }

    private void deliverHeld(Session session, Route route, Delivery held) {
        Delivery.Acknowledgement original = held.acknowledgement();
        delivered.increment();
        // All else as it was held: its MQTT 5 properties, and the subscription that put it.
        session.deliverDirect(held.withAcknowledgement(() -> {
                    original.acknowledge();
                    synchronized (route) {
                        // The held consumer can hand a message over before held() has counted it: then
                        // the count dips below zero until held() comes.
                        if (route.held > 0 || route.pendingHolds > 0) {
                            route.held--;
                        }
                        switchBackIfCaughtUp(session.clientId(), route);
                        forgetIfIdle(session.clientId(), route);
                    }
                }));
    }

    /**
     * With nothing held and nothing on its way to the held queue, new messages go straight to the client.
     * Under store-and-forward nothing goes straight: the held consumer is closed once it has stayed idle
     * for {@link #heldReaderLinger}, and opened again by the client's next message. Caller holds the route.
     */
    private void switchBackIfCaughtUp(String clientId, Route route) {
        route.activity++;
        if (!route.holding || route.held != 0 || route.pendingHolds != 0) {
            return;
        }
        if (!storeAndForward) {
            route.holding = false;
            closeHeldConsumer(route);
            return;
        }
        if (!waitingForReader.isEmpty()) {
            closeHeldConsumer(route); // others wait for a reader: no lingering
            forgetIfIdle(clientId, route);
            return;
        }
        long caughtUpAt = route.activity;
        CompletableFuture.delayedExecutor(heldReaderLinger.toMillis(), TimeUnit.MILLISECONDS, backendExecutor)
                .execute(() -> {
                    synchronized (route) {
                        if (route.activity == caughtUpAt && route.held == 0 && route.pendingHolds == 0
                                && !route.removed) {
                            closeHeldConsumer(route);
                            forgetIfIdle(clientId, route);
                        }
                    }
                });
    }

    private void closeHeldConsumer(Route route) {
        BackendSubscription consumer = route.heldConsumer;
        route.heldConsumer = null;
        if (consumer != null) {
            backendExecutor.execute(consumer::close);
            readerGone();
        }
    }

    private void deadLetterHeld(String clientId, UndeliverableReason reason) {
        Route route = routes.get(clientId);
        if (route == null) {
            return;
        }
        synchronized (route) {
            if (route.held == 0 && route.pendingHolds == 0) {
                return;
            }
        }
        backendExecutor.execute(() -> {
            int moved = queue.deadLetterHeld(clientId, reason);
            heldRemoved(clientId, moved);
        });
    }

    private Decision deadLetter(UndeliverableReason reason) {
        deadLettered.increment();
        return new DeadLetter(reason);
    }

    /**
     * Runs an action on the client's route, holding its lock, and removes the route afterwards if it
     * has nothing left to know.
     */
    private <T> T withRoute(String clientId, Function<Route, T> action) {
        while (true) {
            Route route = routes.computeIfAbsent(clientId, id -> new Route());
            synchronized (route) {
                if (route.removed) {
                    continue; // removed since it was looked up: take the client's current one
                }
                T result = action.apply(route);
                forgetIfIdle(clientId, route);
                return result;
            }
        }
    }

    /** Call holding the route's lock. */
    private void forgetIfIdle(String clientId, Route route) {
        if (!route.removed && route.idle()) {
            route.removed = true;
            routes.remove(clientId, route);
        }
    }

    /** The clients this router keeps a route for: those with held messages (for tests of the bound). */
    public java.util.Set<String> routedClients() {
        return java.util.Set.copyOf(routes.keySet());
    }

    public long deliveredCount() {
        return delivered.sum();
    }

    /** Messages held for a client now (approximate). */
    public int heldFor(String clientId) {
        Route route = routes.get(clientId);
        return route == null ? 0 : held(route);
    }

    /**
     * Messages held now per client (approximate), for every client id that has some, whether or not
     * the bridge has a session for it: the transmit queue's backlog an operator looks at.
     */
    public Map<String, Integer> heldByClient() {
        Map<String, Integer> held = new java.util.HashMap<>();
        routes.forEach((clientId, route) -> {
            int count = held(route);
            if (count > 0) {
                held.put(clientId, count);
            }
        });
        return held;
    }

    /** Messages held for all clients now (approximate). */
    public long heldNow() {
        return routes.values().stream().mapToLong(PointToPoint::held).sum();
    }

    /**
     * Clients reading their held messages now (or opening a reader), each through a backend session of its own
     * (IBM MQ: a conversation); bridge.transmit.max-held-readers at most.
     */
    public long heldReaders() {
        // Counted, not kept in a counter that one missed path could leave wrong for ever; read without the
        // routes' locks (the fields are volatile): a reader closing now may still be counted.
        return routes.values().stream().filter(route -> route.opening || route.heldConsumer != null).count();
    }

    /** Whether the client reads its held messages now (or is opening a reader for them). */
    public boolean readingHeld(String clientId) {
        Route route = routes.get(clientId);
        return route != null && (route.opening || route.heldConsumer != null);
    }

    /** Clients waiting for a reader of their held messages. */
    public long waitingForHeldReader() {
        return waitingForReader.size();
    }

    private static int held(Route route) {
        synchronized (route) {
            return route.held + route.pendingHolds;
        }
    }

    public long heldTotal() {
        return heldCount.sum();
    }

    public long deadLetteredCount() {
        return deadLettered.sum();
    }
}
