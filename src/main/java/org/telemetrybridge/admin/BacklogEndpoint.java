package org.telemetrybridge.admin;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

import org.telemetrybridge.session.PointToPoint;
import org.telemetrybridge.session.Session;
import org.telemetrybridge.session.SessionRegistry;

/**
 * The transmit queue's backlog per client, {@code GET /actuator/backlog?limit=100}: the clients with the
 * most messages held for them, largest first, with the state of their session ({@code none} for a client
 * id the bridge has no session for: a leftover the janitor reports). What an MQ administrator would read
 * from the transmission queue's depth by RemoteQMgrName, without browsing it.
 */
@Component
@Endpoint(id = "backlog")
public class BacklogEndpoint {

    static final int MAX_LIMIT = 1000;

    private final SessionRegistry registry;
    private final PointToPoint pointToPoint;

    public BacklogEndpoint(SessionRegistry registry, PointToPoint pointToPoint) {
        this.registry = registry;
        this.pointToPoint = pointToPoint;
    }

    /**
     * @param clients  how many client ids have messages held
     * @param messages the messages held for all of them
     * @param largest  the clients with the most, largest first
     */
    public record Backlog(int clients, long messages, List<ClientBacklog> largest) {
    }

    public record ClientBacklog(String clientId, int heldMessages, String state) {
    }

    @ReadOperation
    public Backlog backlog(@Nullable Integer limit) {
        int shown = Math.max(1, Math.min(MAX_LIMIT, limit == null ? 100 : limit));
        Map<String, Integer> held = pointToPoint.heldByClient();
        List<ClientBacklog> largest = held.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(shown)
                .map(entry -> new ClientBacklog(entry.getKey(), entry.getValue(), state(entry.getKey())))
                .toList();
        return new Backlog(held.size(), held.values().stream().mapToLong(Integer::longValue).sum(), largest);
    }

    private String state(String clientId) {
        Session session = registry.find(clientId);
        return session == null ? "none" : ClientsEndpoint.state(session);
    }
}
