package org.telemetrybridge.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.telemetrybridge.session.port.Backend;
import org.telemetrybridge.session.port.BackendListener;
import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.DeliverySink;
import org.telemetrybridge.session.port.DeviceSubscriptions;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.SessionState;

/**
 * A backend in memory for unit tests of the core: records what the core asks of it, lets a test push
 * messages into subscriptions, and fails any step on request.
 */
final class FakeBackend implements Backend {

    /** The steps of the port a test can make fail. */
    enum Step { PUBLISH, SAVE_SESSION, DELETE_SESSION, SUBSCRIBE_SHARED, DEVICE_SUBSCRIBE, RETAINED }

    /** A shared subscription as the core opened it. */
    static final class Shared implements BackendSubscription {
        final String filter;
        final DeliverySink sink;
        boolean paused;
        boolean closed;

        Shared(String filter, DeliverySink sink) {
            this.filter = filter;
            this.sink = sink;
        }

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Device subscriptions as the backend would keep them: client id to filter to QoS. */
    final class Devices implements DeviceSubscriptions {
        final Map<String, Map<String, Integer>> byClient = new LinkedHashMap<>();
        /** The pseudo queue manager name each client's subscriptions address. */
        final Map<String, String> queueManagers = new HashMap<>();

        /** The device user the last subscribe was made for. */
        String lastUser;
        /** Refuse subscribes as a backend acting as each device's own user would refuse one not authorized. */
        volatile boolean refuse;

        @Override
        public synchronized void subscribe(String clientId, String user, String queueManagerName, String filter,
                                           int qos, boolean noLocal) {
            if (refuse) {
                throw new org.telemetrybridge.session.port.BackendRefusedException("2035 MQRC_NOT_AUTHORIZED", null);
            }
            lastUser = user;
            subscribe(clientId, queueManagerName, filter, qos, noLocal);
        }

        @Override
        public synchronized void subscribe(String clientId, String queueManagerName, String filter, int qos) {
            fail(Step.DEVICE_SUBSCRIBE);
            byClient.computeIfAbsent(clientId, id -> new LinkedHashMap<>()).put(filter, qos);
            queueManagers.put(clientId, queueManagerName);
        }

        @Override
        public synchronized boolean unsubscribe(String clientId, String filter) {
            Map<String, Integer> filters = byClient.get(clientId);
            boolean removed = filters != null && filters.remove(filter) != null;
            if (filters != null && filters.isEmpty()) {
                byClient.remove(clientId);
            }
            return removed;
        }

        @Override
        public synchronized Map<String, Integer> of(String clientId) {
            return Map.copyOf(byClient.getOrDefault(clientId, Map.of()));
        }

        @Override
        public synchronized Set<String> clientIds() {
            return Set.copyOf(byClient.keySet());
        }
    }

    final Devices devices = new Devices();
    final List<Publication> published = new CopyOnWriteArrayList<>();
    final Map<String, SessionState> savedSessions = new HashMap<>();
    final List<String> deletedSessions = new ArrayList<>();
    final List<Shared> shared = new ArrayList<>();
    final List<SessionState> stored = new ArrayList<>();
    final Map<String, List<Delivery>> retained = new HashMap<>();
    private final Set<Step> failing = EnumSet.noneOf(Step.class);
    private final List<BackendListener> listeners = new ArrayList<>();
    boolean available = true;

    void failOn(Step step) {
        failing.add(step);
    }

    void recover(Step step) {
        failing.remove(step);
    }

    private void fail(Step step) {
        if (failing.contains(step)) {
            throw new BackendUnavailableException("test: " + step + " fails", null);
        }
    }

    private CompletableFuture<Void> completion(Step step) {
        return failing.contains(step)
                ? CompletableFuture.failedFuture(new BackendUnavailableException("test: " + step + " fails", null))
                : CompletableFuture.completedFuture(null);
    }

    void connectionLost() {
        available = false;
        listeners.forEach(BackendListener::lost);
    }

    @Override
    public CompletableFuture<Void> publish(Publication publication, SessionState stateAfter) {
        CompletableFuture<Void> result = completion(Step.PUBLISH);
        if (!result.isCompletedExceptionally()) {
            published.add(publication);
            if (stateAfter != null) {
                savedSessions.put(stateAfter.clientId(), stateAfter);
            }
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> saveSession(SessionState state) {
        CompletableFuture<Void> result = completion(Step.SAVE_SESSION);
        if (!result.isCompletedExceptionally()) {
            savedSessions.put(state.clientId(), state);
        }
        return result;
    }

    @Override
    public void deleteSession(String clientId, Collection<String> filters) {
        fail(Step.DELETE_SESSION);
        deletedSessions.add(clientId);
        savedSessions.remove(clientId);
    }

    @Override
    public Collection<SessionState> storedSessions() {
        return List.copyOf(stored);
    }

    @Override
    public BackendSubscription subscribeShared(String filter, DeliverySink sink) {
        fail(Step.SUBSCRIBE_SHARED);
        Shared subscription = new Shared(filter, sink);
        shared.add(subscription);
        return subscription;
    }

    /** A member's consumer of a $share group, as the core opened it. */
    record GroupJoin(String name, String filter, boolean durable, Shared consumer) {
    }

    final List<GroupJoin> groupJoins = new CopyOnWriteArrayList<>();
    final List<String> deletedGroups = new CopyOnWriteArrayList<>();
    boolean groupsAlwaysDurable;

    @Override
    public BackendSubscription joinGroup(String name, String filter, boolean durable, DeliverySink sink) {
        Shared consumer = new Shared(filter, sink);
        groupJoins.add(new GroupJoin(name, filter, durable, consumer));
        return consumer;
    }

    @Override
    public boolean groupsAlwaysDurable() {
        return groupsAlwaysDurable;
    }

    @Override
    public boolean deleteGroup(String name) {
        deletedGroups.add(name);
        return true;
    }

    @Override
    public List<Delivery> retained(String filter) {
        fail(Step.RETAINED);
        return retained.getOrDefault(filter, List.of());
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public void addListener(BackendListener listener) {
        listeners.add(listener);
        if (available) {
            listener.connected();
        }
    }

    @Override
    public String describe() {
        return "fake backend";
    }
}
