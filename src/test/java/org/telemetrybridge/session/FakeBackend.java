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
import org.telemetrybridge.session.port.DurableSubscriber;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.SessionState;

/**
 * A backend in memory for unit tests of the core: records what the core asks of it, lets a test push
 * messages into subscriptions, and fails any step on request.
 */
final class FakeBackend implements Backend {

    /** The steps of the port a test can make fail. */
    enum Step { PUBLISH, SAVE_SESSION, DELETE_SESSION, SUBSCRIBE_SHARED, OPEN_DURABLE, DURABLE_SUBSCRIBE, RETAINED }

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

    /** The durable subscriptions of one persistent session while its client is connected. */
    final class Durable implements DurableSubscriber {
        final String clientId;
        final Map<String, DeliverySink> sinks = new LinkedHashMap<>();
        boolean paused;
        boolean closed;

        Durable(String clientId) {
            this.clientId = clientId;
        }

        @Override
        public void subscribe(String filter, DeliverySink sink) {
            fail(Step.DURABLE_SUBSCRIBE);
            sinks.put(filter, sink);
            storedFilters.computeIfAbsent(clientId, id -> new ArrayList<>()).add(filter);
        }

        @Override
        public void unsubscribe(String filter) {
            sinks.remove(filter);
            storedFilters.getOrDefault(clientId, new ArrayList<>()).remove(filter);
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

    final List<Publication> published = new CopyOnWriteArrayList<>();
    final Map<String, SessionState> savedSessions = new HashMap<>();
    final List<String> deletedSessions = new ArrayList<>();
    final List<Shared> shared = new ArrayList<>();
    final List<Durable> durables = new ArrayList<>();
    /** Durable subscriptions stored per client id, as the backend would keep them. */
    final Map<String, List<String>> storedFilters = new HashMap<>();
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

    Durable durableOf(String clientId) {
        for (int i = durables.size() - 1; i >= 0; i--) {
            if (durables.get(i).clientId.equals(clientId)) {
                return durables.get(i);
            }
        }
        return null;
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
        storedFilters.remove(clientId);
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

    @Override
    public DurableSubscriber openDurableSubscriber(String clientId) {
        fail(Step.OPEN_DURABLE);
        Durable durable = new Durable(clientId);
        durables.add(durable);
        return durable;
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
