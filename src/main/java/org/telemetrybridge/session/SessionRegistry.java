package org.telemetrybridge.session;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.Executor;

import org.telemetrybridge.session.port.Backend;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.BackendListener;
import org.telemetrybridge.session.port.DeviceSubscriptions;
import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.ClientConnection;

/**
 * Owns the sessions by client identifier: creates and restores them, and hands a session over when
 * a second connection with the same client id arrives (take-over). Connects for one client id are
 * carried out one after another.
 */
public final class SessionRegistry {

    /** What CONNACK needs to know about a connect. */
    public record Attachment(Session session, boolean sessionPresent) {
    }

    private final Backend backend;
    private final DeviceSubscriptions deviceSubscriptions;
    private final SessionSettings settings;
    private final Executor backendExecutor;
    private final SharedSubscriptions shared;
    private final ShareGroups shareGroups;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Attachment>> connectsInProgress = new ConcurrentHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder dropped = new LongAdder();
    private final TakeOverWatch takeOvers;
    private final ClientIdRule clientIdRule;
    /** Derived pseudo queue manager name to client id, for the sessions whose id is not a queue manager name. */
    private final Map<String, String> derivedNames = new ConcurrentHashMap<>();
    private volatile java.util.function.Function<String, Duration> expiryLimit = id -> Duration.ZERO;

    public SessionRegistry(Backend backend, DeviceSubscriptions deviceSubscriptions, SessionSettings settings,
                           Executor backendExecutor) {
        this(backend, deviceSubscriptions, settings, backendExecutor, new TakeOverWatch(TakeOverWatch.Settings.DEFAULTS),
                new ClientIdRule(ClientIdRule.Mode.QMGR_NAME, ClientIdRule.QMGR_NAME_MAX_LENGTH));
    }

    /**
     * @param deviceSubscriptions where persistent sessions' subscriptions are made: their messages come
     *                            through the transmit queue, as point-to-point ones do
     */
    public SessionRegistry(Backend backend, DeviceSubscriptions deviceSubscriptions, SessionSettings settings,
                           Executor backendExecutor, TakeOverWatch takeOvers, ClientIdRule clientIdRule) {
        this.backend = backend;
        this.deviceSubscriptions = deviceSubscriptions;
        this.settings = settings;
        this.backendExecutor = backendExecutor;
        this.shared = new SharedSubscriptions(backend);
        this.shareGroups = new ShareGroups(backend);
        this.takeOvers = takeOvers;
        this.clientIdRule = clientIdRule;
    }

    /** Take-overs of client ids, and the ids that flap. */
    public TakeOverWatch takeOvers() {
        return takeOvers;
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /**
     * Follows the backend's connection: restores the stored persistent sessions whenever it connects
     * (at start, possibly later if the backend is down then), and drops every client when it is lost.
     */
    public void start() {
        backend.addListener(new BackendListener() {
            @Override
            public void connected() {
                restore();
            }

            @Override
            public void lost() {
                dropAllClients();
            }
        });
    }

    /**
     * Loads the persistent sessions stored in the backend, as disconnected sessions. Sessions the
     * registry already has (after a reconnect of the backend) are kept as they are.
     */
    public void restore() {
        Collection<SessionState> stored = backend.storedSessions();
        for (SessionState state : stored) {
            sessions.computeIfAbsent(state.clientId(), id -> {
                named(id);
                return Session.restored(state, this);
            });
        }
        BridgeLog.sessionsRestored(stored.size());
        makeMissingDeviceSubscriptions(stored);
        takeOverSubscribedClients(stored);
    }

    /**
     * Takes over, as away persistent sessions, the clients that have device subscriptions but no stored
     * session: MQ Telemetry's devices (it kept its session state in a form of its own), or a bridge's whose
     * state was lost. MQ holds their subscriptions, so their sessions exist: the messages for them wait for
     * them (held, not dead-lettered as for an unknown client), and a device that connects with a persistent
     * session finds it (session present), with its subscriptions. Its in-flight QoS 1/2 exchanges were in
     * the state that is not there; QoS 2 ones are started again by the device.
     */
    private void takeOverSubscribedClients(Collection<SessionState> stored) {
        java.util.Set<String> storedIds = new java.util.HashSet<>();
        stored.forEach(state -> storedIds.add(state.clientId()));
        int takenOver = 0;
        try {
            for (String clientId : deviceSubscriptions.clientIds()) {
                if (storedIds.contains(clientId) || sessions.containsKey(clientId)) {
                    continue;
                }
                Map<String, Integer> subscriptions = deviceSubscriptions.of(clientId);
                if (subscriptions.isEmpty()) {
                    continue; // clientIds() may name an id that has none
                }
                Session away = Session.restored(new SessionState(clientId, subscriptions, java.util.Set.of()), this);
                if (sessions.putIfAbsent(clientId, away) == null) {
                    named(clientId);
                    takenOver++;
                }
            }
        } catch (RuntimeException e) {
            BridgeLog.subscribedClientsNotTakenOver(e); // tried again at the next connect of the backend
        }
        if (takenOver > 0) {
            BridgeLog.subscribedClientsTakenOver(takenOver);
        }
    }

    /**
     * Makes the device subscriptions of stored sessions that have none in the backend: sessions stored
     * by a version that subscribed otherwise (JMS durable subscriptions, which the backend takes over
     * with their waiting messages while it makes them). A session whose subscriptions cannot be made
     * now is tried again at the next connect of the backend.
     */
    private void makeMissingDeviceSubscriptions(Collection<SessionState> stored) {
        java.util.Set<String> subscribed = deviceSubscriptions.clientIds();
        for (SessionState state : stored) {
            if (state.subscriptions().isEmpty() || subscribed.contains(state.clientId())) {
                continue;
            }
            String name = queueManagerName(state.clientId());
            try {
                state.subscriptions().forEach((filter, qos) -> {
                    if (!org.telemetrybridge.topic.SharedFilter.isShared(filter)) { // groups are not device subscriptions
                        deviceSubscriptions.subscribe(state.clientId(), name != null ? name : state.clientId(), filter,
                                qos, state.optionsOf(filter).noLocal());
                    }
                });
            } catch (RuntimeException e) {
                BridgeLog.deviceSubscriptionsNotMade(state.clientId(), e);
            }
        }
    }

    /**
     * The backend's connection is lost, and with it every subscription and consumer: disconnect all
     * clients (they reconnect once it is back; persistent sessions resume from the backend) and forget
     * the shared subscriptions, which are dead.
     */
    void dropAllClients() {
        int dropped = 0;
        for (Session session : sessions.values()) {
            ClientConnection connection = session.connection();
            if (connection != null) {
                connection.dropForBackendLoss();
                dropped++;
            }
        }
        shared.clear();
        shareGroups.clearConsumers();
        if (dropped > 0) {
            BridgeLog.clientsDroppedForBackendLoss(dropped, backend.describe());
        }
    }

    /**
     * Connects a client: takes the session over from an existing connection, discards or resumes a
     * persistent session, and attaches the connection. The future completes when CONNACK may be sent.
     */
    public CompletableFuture<Attachment> connect(String clientId, boolean cleanSession, Will will,
                                                 ClientConnection connection) {
        return connect(clientId, cleanSession, !cleanSession, will, connection);
    }

    /**
     * As {@link #connect(String, boolean, Will, ClientConnection)}, with MQTT 5's two halves of clean
     * session: {@code cleanStart} discards a persistent session there is, {@code persistent} keeps the
     * new one after the connection. A persistent session resumed without clean start stays persistent;
     * its expiry then decides when it ends.
     */
    public CompletableFuture<Attachment> connect(String clientId, boolean cleanStart, boolean persistent, Will will,
                                                 ClientConnection connection) {
        CompletableFuture<Attachment> chained = connectsInProgress.compute(clientId, (id, previous) ->
                (previous == null ? CompletableFuture.completedFuture(null) : previous.handle((a, e) -> null))
                        .thenCompose(v -> attach(clientId, cleanStart, persistent, will, connection)));
        chained.whenComplete((a, e) -> connectsInProgress.remove(clientId, chained));
        return chained;
    }

    private CompletableFuture<Attachment> attach(String clientId, boolean cleanSession, boolean persistent, Will will,
                                                 ClientConnection connection) {
        String clash = nameClash(clientId);
        if (clash != null) {
            return CompletableFuture.failedFuture(new ClientIdClashException(clientId, clash));
        }
        Session existing = sessions.get(clientId);
        CompletableFuture<Void> takenOver = CompletableFuture.completedFuture(null);
        if (existing != null) {
            ClientConnection previous;
            synchronized (existing) {
                previous = existing.connection();
                // Also waits for a detach still returning messages to the backend.
                takenOver = existing.detachedFuture();
            }
            if (previous != null) {
                if (takeOvers.heldOff(clientId)) {
                    return CompletableFuture.failedFuture(new ClientIdHeldOffException(clientId));
                }
                takeOvers.tookOver(clientId, previous.remoteAddress(), connection.remoteAddress());
                previous.takeOver(connection.remoteAddress());
            }
        }
        return takenOver.thenCompose(v -> {
            Session current = sessions.get(clientId);
            if (current != null && current.persistent() && !cleanSession) {
                return current.attach(connection, will, false).thenApply(x -> attached(current, true));
            }
            CompletableFuture<Void> discarded = CompletableFuture.completedFuture(null);
            if (current != null && current.persistent()) {
                discarded = current.discard().thenRun(() -> listeners.forEach(l -> l.discarded(clientId)));
            }
            Session fresh = new Session(clientId, persistent, this);
            return discarded.thenCompose(x -> {
                named(clientId);
                sessions.put(clientId, fresh);
                return fresh.attach(connection, will, persistent).whenComplete((y, failure) -> {
                    if (failure != null) {
                        // Refused before CONNACK: a new session that was never acknowledged leaves no trace.
                        if (sessions.remove(clientId, fresh)) {
                            unnamed(clientId);
                        }
                    }
                });
            }).thenApply(x -> attached(fresh, false));
        });
    }

    private Attachment attached(Session session, boolean sessionPresent) {
        listeners.forEach(listener -> listener.attached(session));
        return new Attachment(session, sessionPresent);
    }

    /** The session's connection closed. */
    void detached(Session session) {
        listeners.forEach(listener -> listener.detached(session));
    }

    /**
     * Publishes what a client of this bridge sent (or its will): to the backend, and straight to this
     * bridge's clean-session subscribers. QoS 2 is handed to them only once the backend has it, so a
     * publication that fails and is sent again never reaches them twice.
     */
    CompletableFuture<Void> publish(Publication publication, SessionState stateAfter) {
        CompletableFuture<Void> accepted = backend.publish(publication, stateAfter);
        if (publication.qos() < 2) {
            shared.deliverLocally(publication);
        } else {
            accepted.thenRun(() -> shared.deliverLocally(publication));
        }
        return accepted;
    }

    /** A clean session ended with its connection. */
    void ended(Session session) {
        if (sessions.remove(session.clientId(), session)) {
            unnamed(session.clientId());
        }
    }

    /** The bridge's longest session expiry for a client id (bridge.session.expiry); zero for none. */
    public Duration sessionExpiryLimit(String clientId) {
        return expiryLimit.apply(clientId);
    }

    /** Set by the {@link SessionJanitor} that enforces the bridge's expiry. */
    void expiryLimit(java.util.function.Function<String, Duration> limit) {
        expiryLimit = limit;
    }

    public Session find(String clientId) {
        return sessions.get(clientId);
    }

    /**
     * Removes a persistent session whose client has been away since before {@code awayBefore} (epoch
     * milliseconds), as a purge would, unless the client came back meanwhile: it runs in the client
     * id's connect order, so it never races a connect. Completes with the subscriptions removed, or
     * null if the session was not removed.
     */
    public CompletableFuture<Integer> expireIfAway(String clientId, long awayBefore) {
        CompletableFuture<Integer> removed = new CompletableFuture<>();
        CompletableFuture<Attachment> chained = connectsInProgress.compute(clientId, (id, previous) ->
                (previous == null ? CompletableFuture.completedFuture(null) : previous.handle((a, e) -> null))
                        .thenCompose(v -> {
                            Session session = sessions.get(clientId);
                            long away = session == null ? 0 : session.awaySince();
                            if (session == null || session.connected() || away == 0 || away >= awayBefore) {
                                removed.complete(null);
                                return CompletableFuture.completedFuture(null);
                            }
                            return session.discard().handle((subscriptions, failure) -> {
                                if (failure != null) {
                                    removed.completeExceptionally(failure);
                                    return null;
                                }
                                removed(clientId, session);
                                removed.complete(subscriptions);
                                return null;
                            });
                        }));
        chained.whenComplete((a, e) -> connectsInProgress.remove(clientId, chained));
        return removed;
    }

    /**
     * Logs every packet of a client's connection for a while, at an operator's request.
     *
     * @return false if the client is not connected
     */
    public boolean trace(String clientId, Duration duration) {
        return withConnection(clientId, connection -> connection.trace(duration));
    }

    /**
     * Closes a client's connection at an operator's request, with or without its will.
     *
     * @return false if the client is not connected
     */
    public boolean disconnect(String clientId, boolean publishWill) {
        return withConnection(clientId, connection -> connection.disconnectByOperator(publishWill));
    }

    /** Runs an action on a client's connection; false if the client is not connected. */
    private boolean withConnection(String clientId, java.util.function.Consumer<ClientConnection> action) {
        Session session = sessions.get(clientId);
        ClientConnection connection = session == null ? null : session.connection();
        if (connection == null) {
            return false;
        }
        action.accept(connection);
        return true;
    }

    /** A session removed by an operator or the janitor: forgotten, and its listeners told (held messages). */
    private void removed(String clientId, Session session) {
        if (sessions.remove(clientId, session)) {
            unnamed(clientId);
        }
        listeners.forEach(l -> l.removed(clientId));
    }

    /**
     * Runs an action for a client id that has no session, in the client id's connect order, so that no
     * client connects meanwhile: how backend leftovers are removed without racing a device that comes
     * back. Completes with whether it ran.
     */
    public CompletableFuture<Boolean> ifNoSession(String clientId, Runnable action) {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        CompletableFuture<Attachment> chained = connectsInProgress.compute(clientId, (id, previous) ->
                (previous == null ? CompletableFuture.completedFuture(null) : previous.handle((a, e) -> null))
                        .thenApplyAsync(v -> { // on a backend thread: the action blocks on the backend
                            try {
                                boolean none = !sessions.containsKey(clientId);
                                if (none) {
                                    action.run();
                                }
                                ran.complete(none);
                            } catch (RuntimeException e) {
                                ran.completeExceptionally(e);
                            }
                            return null;
                        }, backendExecutor));
        chained.whenComplete((a, e) -> connectsInProgress.remove(clientId, chained));
        return ran;
    }

    /**
     * Removes a client's session, as MQ Telemetry's {@code PURGE CHANNEL CLIENTID}: its connection is
     * closed without its will, its subscriptions are removed in the backend, and the listeners drop
     * what waits for it (the held messages). Completes with the subscriptions removed, or null when the
     * client has no session.
     */
    public CompletableFuture<Integer> purge(String clientId) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> detached;
        synchronized (session) {
            detached = session.detachedFuture();
        }
        ClientConnection connection = session.connection();
        if (connection != null) {
            connection.disconnectByOperator(false);
        }
        return detached.thenCompose(v -> {
            int subscriptions = session.subscriptions().size();
            // A persistent session's subscriptions are the backend's device subscriptions: those are counted.
            return session.discard().thenApply(deviceSubscriptionsRemoved -> {
                removed(clientId, session);
                return session.persistent() ? deviceSubscriptionsRemoved : subscriptions;
            });
        });
    }

    /**
     * The client an MQ application addresses as queue manager {@code name}: the client whose derived
     * name it is, else the client of that id.
     */
    public String clientIdOf(String name) {
        return derivedNames.getOrDefault(name, name);
    }

    /** The pseudo queue manager name of a client, or null if MQ applications cannot address it. */
    public String queueManagerName(String clientId) {
        return clientIdRule.queueManagerName(clientId);
    }

    private void named(String clientId) {
        String name = clientIdRule.queueManagerName(clientId);
        if (name != null && !name.equals(clientId)) {
            derivedNames.put(name, clientId);
        }
    }

    private void unnamed(String clientId) {
        String name = clientIdRule.queueManagerName(clientId);
        if (name != null && !name.equals(clientId)) {
            derivedNames.remove(name, clientId);
        }
    }

    /**
     * The other client a client id's pseudo queue manager name would clash with, or null: a derived
     * name that is another session's client id, or a client id that is another session's derived name.
     * Either way one of them could not be addressed, so the later one is refused.
     */
    private String nameClash(String clientId) {
        String owner = derivedNames.get(clientId);
        if (owner != null && !owner.equals(clientId) && sessions.containsKey(owner)) {
            return owner;
        }
        String name = clientIdRule.queueManagerName(clientId);
        if (name != null && !name.equals(clientId)) {
            String holder = derivedNames.get(name);
            if (holder != null && !holder.equals(clientId)) {
                return holder;
            }
            if (sessions.containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    public Collection<Session> sessions() {
        return sessions.values();
    }

    /** Messages of shared subscriptions dropped because a client's queue was full (TBR0034W). */
    public long droppedMessages() {
        return dropped.sum();
    }

    LongAdder droppedCounter() {
        return dropped;
    }

    public int sharedFilterCount() {
        return shared.filterCount();
    }

    /** True while the backend can take clients: CONNECT is refused as "server unavailable" otherwise. */
    public boolean backendAvailable() {
        return backend.available();
    }

    /**
     * Why a topic name or filter is outside the backend's MQTT topic space (one of the embedded
     * broker's own addresses or queues), or null if it is a topic devices may use.
     */
    public String reservedTopic(String topicOrFilter) {
        return backend.reservedTopic(topicOrFilter);
    }

    /** The backend, described for logs. */
    public String backendDescription() {
        return backend.describe();
    }

    Backend backend() {
        return backend;
    }

    /** Where persistent sessions' subscriptions live; {@code clients show} lists them from here. */
    public DeviceSubscriptions deviceSubscriptions() {
        return deviceSubscriptions;
    }

    SessionSettings settings() {
        return settings;
    }

    Executor backendExecutor() {
        return backendExecutor;
    }

    ShareGroups shareGroups() {
        return shareGroups;
    }

    /**
     * Bounds the $share groups with members in this bridge and the memberships (sessions times groups,
     * connected or away): bridge.shared-subscriptions.max-groups and max-members.
     */
    public void shareGroupLimits(int maxGroups, int maxMembers) {
        shareGroups.limits(maxGroups, maxMembers);
    }

    /** $share groups with members in this bridge, and their memberships (for metrics and tests). */
    public int shareGroupCount() {
        return shareGroups.groupCount();
    }

    public int shareGroupMemberships() {
        return shareGroups.memberCount();
    }

    SharedSubscriptions shared() {
        return shared;
    }
}
