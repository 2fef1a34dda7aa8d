package org.telemetrybridge.session;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.telemetrybridge.backend.Backend;
import org.telemetrybridge.backend.BackendSubscription;
import org.telemetrybridge.backend.Delivery;

/**
 * The non-durable subscriptions of clean sessions. Every client that subscribes with the same
 * filter shares one backend subscription, so ten thousand devices on {@code alerts/#} cost one
 * consumer, and a connected client without subscriptions costs none. Methods block on the backend:
 * call them off the network event loops.
 */
final class SharedSubscriptions {

    private static final class Entry {
        final Set<Session> sessions = ConcurrentHashMap.newKeySet();
        final CompletableFuture<BackendSubscription> opened = new CompletableFuture<>();
    }

    private final Backend backend;
    private final Map<String, Entry> entries = new HashMap<>();

    SharedSubscriptions(Backend backend) {
        this.backend = backend;
    }

    /** Adds a session to the filter's subscribers; returns once the backend subscription exists. */
    void add(Session session, String filter) {
        Entry entry;
        boolean opener = false;
        synchronized (this) {
            entry = entries.get(filter);
            if (entry == null) {
                entry = new Entry();
                entries.put(filter, entry);
                opener = true;
            }
            entry.sessions.add(session);
        }
        if (!opener) {
            entry.opened.join();
            return;
        }
        Entry opened = entry;
        try {
            entry.opened.complete(backend.subscribeShared(filter, delivery -> dispatch(opened, filter, delivery)));
        } catch (RuntimeException e) {
            synchronized (this) {
                entries.remove(filter, entry);
            }
            entry.opened.completeExceptionally(e);
            throw e;
        }
    }

    /** Removes a session from the filter's subscribers, closing the backend subscription after the last. */
    void remove(Session session, String filter) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(filter);
            if (entry == null || !entry.sessions.remove(session) || !entry.sessions.isEmpty()) {
                return;
            }
            entries.remove(filter);
        }
        entry.opened.thenAccept(BackendSubscription::close);
    }

    /**
     * Forgets every shared subscription: the backend lost its connection, so they deliver nothing any
     * more. A client subscribing again gets a new one.
     */
    void clear() {
        Map<String, Entry> dead;
        synchronized (this) {
            dead = new HashMap<>(entries);
            entries.clear();
        }
        dead.values().forEach(entry -> entry.opened.thenAccept(BackendSubscription::close));
    }

    synchronized int filterCount() {
        return entries.size();
    }

    private static void dispatch(Entry entry, String filter, Delivery delivery) {
        for (Session session : entry.sessions) {
            session.deliverFromSubscription(filter, delivery, false);
        }
    }
}
