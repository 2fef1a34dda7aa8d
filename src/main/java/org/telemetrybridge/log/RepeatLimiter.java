package org.telemetrybridge.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a misbehaving fleet from burying the operator: of each message id, the first few events of
 * an interval are logged in full, the rest only counted, with the first client ids they named. At the
 * end of each interval {@link #sweep()} hands back one summary per id that had more, and starts a new
 * interval. Thread-safe: events come from every network thread.
 */
final class RepeatLimiter {

    /** Client ids (or addresses) a summary names; the count covers the rest. */
    static final int CLIENTS_NAMED = 5;

    /** What was not logged one by one of one message id in one interval. */
    record Summary(String id, long notLogged, List<String> firstClients) {
    }

    private final int inFullPerInterval;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RepeatLimiter(int inFullPerInterval) {
        this.inFullPerInterval = inFullPerInterval;
    }

    /** True if this event is to be logged in full; otherwise it is counted for the summary. */
    boolean admit(String id, String client) {
        Window window = windows.computeIfAbsent(id, k -> new Window());
        synchronized (window) {
            if (window.logged < inFullPerInterval) {
                window.logged++;
                return true;
            }
            window.notLogged++;
            if (window.clients.size() < CLIENTS_NAMED && !window.clients.contains(client)) {
                window.clients.add(client);
            }
            return false;
        }
    }

    /** Ends the interval: the summaries of the ids that had events not logged, and fresh counts. */
    List<Summary> sweep() {
        List<Summary> summaries = new ArrayList<>();
        windows.forEach((id, window) -> {
            synchronized (window) {
                if (window.notLogged > 0) {
                    summaries.add(new Summary(id, window.notLogged, List.copyOf(window.clients)));
                }
                window.logged = 0;
                window.notLogged = 0;
                window.clients.clear();
            }
        });
        summaries.sort((a, b) -> a.id().compareTo(b.id()));
        return summaries;
    }

    private static final class Window {
        int logged;
        long notLogged;
        final List<String> clients = new ArrayList<>(CLIENTS_NAMED);
    }
}
