package org.telemetrybridge.session;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.telemetrybridge.session.port.Backend;
import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.topic.TopicTree;

/**
 * The non-durable subscriptions of clean sessions. Every client that subscribes with the same
 * filter shares one backend subscription, so ten thousand devices on {@code alerts/#} cost one
 * consumer, and a connected client without subscriptions costs none. Methods block on the backend:
 * call them off the network event loops.
 *
 * <p>While one of its subscribers has fallen behind, a shared subscription is paused: its messages
 * wait in the backend rather than being dropped or piling up in the bridge. The price is that the
 * other subscribers of that filter wait too, which {@code bridge.session.slow-client-timeout}
 * bounds by disconnecting a client that stays behind.
 */
final class SharedSubscriptions {

    private static final class Entry {
        final String filter;
        final Set<Session> sessions = ConcurrentHashMap.newKeySet();
        final CompletableFuture<BackendSubscription> opened = new CompletableFuture<>();
        /** Subscribers that have fallen behind; the backend subscription is paused while there are any. */
        final Set<Session> behind = ConcurrentHashMap.newKeySet();
        /** Guarded by the entry. */
        boolean paused;

        Entry(String filter) {
            this.filter = filter;
        }
    }

    private final Backend backend;
    private final Map<String, Entry> entries = new HashMap<>();
    /** The same entries by filter level, to find those matching a topic for local delivery. */
    private final TopicTree<Entry> byTopic = new TopicTree<>();

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
                entry = new Entry(filter);
                entries.put(filter, entry);
                byTopic.add(filter, entry);
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
            entry.opened.complete(backend.subscribeShared(filter, delivery -> dispatch(opened, delivery)));
        } catch (RuntimeException e) {
            synchronized (this) {
                if (entries.remove(filter, entry)) {
                    byTopic.remove(filter, entry);
                }
            }
            entry.opened.completeExceptionally(e);
            throw e;
        }
    }

    /** Removes a session from the filter's subscribers, closing the backend subscription after the last. */
    void remove(Session session, String filter) {
        Entry entry;
        boolean last;
        synchronized (this) {
            entry = entries.get(filter);
            if (entry == null || !entry.sessions.remove(session)) {
                return;
            }
            last = entry.sessions.isEmpty();
            if (last) {
                entries.remove(filter);
                byTopic.remove(filter, entry);
            }
        }
        if (last) {
            entry.opened.thenAccept(BackendSubscription::close);
        } else {
            caughtUp(entry, session);
        }
    }

    /** A subscriber fell behind: pause the filter's backend subscription. Blocks on the backend. */
    void behind(Session session, String filter) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(filter);
            if (entry == null || !entry.sessions.contains(session)) {
                return;
            }
        }
        entry.behind.add(session);
        applyPause(entry);
    }

    /** A subscriber caught up: resume the backend subscription if no other is behind. Blocks on the backend. */
    void caughtUp(Session session, String filter) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(filter);
        }
        if (entry != null) {
            caughtUp(entry, session);
        }
    }

    private void caughtUp(Entry entry, Session session) {
        if (entry.behind.remove(session)) {
            applyPause(entry);
        }
    }

    /**
     * Pauses or resumes the backend subscription to match whether any subscriber is behind. Under the
     * entry's lock, so the calls of several threads cannot overtake each other.
     */
    private static void applyPause(Entry entry) {
        synchronized (entry) {
            boolean pause = !entry.behind.isEmpty();
            if (pause == entry.paused) {
                return;
            }
            BackendSubscription subscription = entry.opened.getNow(null);
            if (subscription == null) {
                return;
            }
            if (pause) {
                subscription.pause();
            } else {
                subscription.resume();
            }
            entry.paused = pause;
        }
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
            dead.forEach((filter, entry) -> byTopic.remove(filter, entry));
        }
        dead.values().forEach(entry -> entry.opened.thenAccept(BackendSubscription::close));
    }

    synchronized int filterCount() {
        return entries.size();
    }

    /**
     * Delivers a publication of a client of this bridge straight to the clean-session subscribers of
     * this bridge whose filters match it: no round trip through the backend, whose shared
     * subscriptions leave out this bridge's own publications.
     */
    void deliverLocally(Publication publication) {
        if (byTopic.isEmpty()) {
            return; // no clean-session subscriber yet: the usual case of devices publishing to MQ
        }
        Delivery delivery = new Delivery(publication.topic(), publication.payload(), publication.qos(), false, null,
                false, Delivery.Acknowledgement.NONE, publication.properties(), publication.originClientId(),
                publication.retain(), null, java.util.List.of());
        byTopic.match(publication.topic(), entry -> dispatch(entry, delivery));
    }

    private static void dispatch(Entry entry, Delivery delivery) {
        for (Session session : entry.sessions) {
            session.deliverFromSubscription(entry.filter, delivery);
        }
    }
}
