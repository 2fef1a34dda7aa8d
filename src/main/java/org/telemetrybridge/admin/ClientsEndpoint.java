package org.telemetrybridge.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

import org.telemetrybridge.session.PointToPoint;
import org.telemetrybridge.session.Session;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.session.WaitingMessages;
import org.telemetrybridge.session.port.ClientConnection;
import org.telemetrybridge.session.port.ConnectionInfo;

/**
 * The operator's view of clients and sessions, {@code /actuator/clients}: what MQ Telemetry's
 * {@code DISPLAY CHSTATUS(...) CHLTYPE(MQTT) CLIENTID(...)} and {@code PURGE CHANNEL ... CLIENTID(...)}
 * gave, without a cap on how many clients are listed. Secured like the other actuator endpoints.
 * <ul>
 * <li>{@code GET /actuator/clients?prefix=&user=&address=&state=connected|away&page=0&size=100}: a page of
 * clients, sorted by client id, and how many match;</li>
 * <li>{@code GET /actuator/clients/{clientId}}: one client's connection, session and subscriptions;</li>
 * <li>{@code POST /actuator/clients/{clientId}} with {@code {"action":"disconnect","will":false}}: closes its
 * connection, with or without its will;</li>
 * <li>{@code POST /actuator/clients/{clientId}} with {@code {"action":"trace","seconds":60}}: logs every packet
 * of its connection, both ways, for that long (an hour at most);</li>
 * <li>{@code DELETE /actuator/clients/{clientId}}: purges its session: connection closed without its will,
 * subscriptions removed in the backend, held messages dead-lettered (or discarded:
 * {@code bridge.clean-up.waiting-messages}).</li>
 * </ul>
 */
@Component
@Endpoint(id = "clients")
public class ClientsEndpoint {

    /** The largest page: a client's summary is about 200 bytes of JSON. */
    static final int MAX_PAGE_SIZE = 1000;
    private static final long PURGE_TIMEOUT_SECONDS = 30;
    /** A trace logs every packet: an hour at most, so a forgotten one ends by itself. */
    static final int MAX_TRACE_SECONDS = 3600;

    private final SessionRegistry registry;
    private final PointToPoint pointToPoint;

    public ClientsEndpoint(SessionRegistry registry, PointToPoint pointToPoint) {
        this.registry = registry;
        this.pointToPoint = pointToPoint;
    }

    public record ClientPage(int total, int page, int size, List<ClientSummary> clients) {
    }

    public record ClientSummary(String clientId, String state, boolean persistent, @Nullable String address,
                                @Nullable String listener, @Nullable String user, int subscriptions, int heldMessages) {
    }

    /**
     * One client.
     *
     * @param heldMessages    messages held for it on the transmit path (point to point, and the publications of
     *                        subscriptions that reach it through the transmit queue)
     * @param waitingMessages what waits for it in the bridge and the backend together: queued and held
     * @param lastPacketIn    when its connection last received a packet; null while away
     * @param lastPacketOut   when its connection last sent one; null while away
     * @param awaySince       when its client went away (or the bridge started, for a restored session); null
     *                        while connected
     */
    public record ClientDetail(String clientId, String queueManagerName, String state, boolean persistent,
                               @Nullable ConnectionInfo connection, List<Session.Subscription> subscriptions,
                               int inflightMessages, int queuedMessages, int heldMessages, int waitingMessages,
                               @Nullable Instant lastPacketIn, @Nullable Instant lastPacketOut,
                               @Nullable Instant awaySince) {
    }

    public record ActionResult(String clientId, String action, boolean done, @Nullable Integer subscriptionsRemoved,
                               @Nullable Integer heldMessagesRemoved, String detail) {
    }

    @ReadOperation
    public ClientPage clients(@Nullable String prefix, @Nullable String user, @Nullable String address,
                              @Nullable String state, @Nullable Integer page, @Nullable Integer size) {
        int pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, size == null ? 100 : size));
        int pageNumber = Math.max(0, page == null ? 0 : page);
        Predicate<Session> matches = filter(prefix, user, address, state);
        List<Session> matching = registry.sessions().stream().filter(matches)
                .sorted(Comparator.comparing(Session::clientId)).toList();
        List<ClientSummary> shown = matching.stream().skip((long) pageNumber * pageSize).limit(pageSize)
                .map(this::summary).toList();
        return new ClientPage(matching.size(), pageNumber, pageSize, shown);
    }

    @ReadOperation
    public @Nullable ClientDetail client(@Selector String clientId) {
        Session session = registry.find(clientId);
        if (session == null) {
            return null;
        }
        ConnectionInfo connection = session.connectionInfo().orElse(null);
        String name = registry.queueManagerName(clientId);
        ClientConnection.Activity activity = session.activity().orElse(new ClientConnection.Activity(null, null));
        long away = session.connected() ? 0 : session.awaySince();
        int held = pointToPoint.heldFor(clientId);
        return new ClientDetail(clientId, name == null ? "(not addressable from MQ)" : name, state(session),
                session.persistent(), connection, subscriptions(session), session.inflightMessages(),
                session.queuedMessages(), held, session.queuedMessages() + held, activity.lastPacketIn(),
                activity.lastPacketOut(), away == 0 ? null : Instant.ofEpochMilli(away));
    }

    /** A persistent session's subscriptions as the backend has them (device subscriptions); a clean one's own. */
    private List<Session.Subscription> subscriptions(Session session) {
        if (!session.persistent()) {
            return session.subscriptions();
        }
        return registry.deviceSubscriptions().of(session.clientId()).entrySet().stream()
                .map(each -> new Session.Subscription(each.getKey(), each.getValue())).toList();
    }

    @WriteOperation
    public ActionResult act(@Selector String clientId, String action, @Nullable Boolean will,
                            @Nullable Integer seconds) {
        if ("trace".equals(action)) {
            int traceSeconds = Math.max(1, Math.min(MAX_TRACE_SECONDS, seconds == null ? 60 : seconds));
            boolean tracing = registry.trace(clientId, Duration.ofSeconds(traceSeconds));
            return new ActionResult(clientId, action, tracing, null, null, tracing
                    ? "every packet logged for " + traceSeconds + " s (TBR0250I)" : "not connected");
        }
        if (!"disconnect".equals(action)) {
            return new ActionResult(clientId, action, false, null, null,
                    "unknown action; use \"disconnect\" or \"trace\" (POST), or purge (DELETE)");
        }
        boolean publishWill = Boolean.TRUE.equals(will);
        boolean done = registry.disconnect(clientId, publishWill);
        return new ActionResult(clientId, action, done, null, null, done
                ? "connection closed " + (publishWill ? "with" : "without") + " its will"
                : "not connected");
    }

    @DeleteOperation
    public ActionResult purge(@Selector String clientId) throws Exception {
        int held = pointToPoint.heldFor(clientId);
        Integer subscriptions = registry.purge(clientId).get(PURGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (subscriptions == null) {
            return new ActionResult(clientId, "purge", false, null, null, "no session");
        }
        return new ActionResult(clientId, "purge", true, subscriptions, held,
                "session removed: connection closed without its will, subscriptions removed, held messages "
                        + (pointToPoint.waitingMessages() == WaitingMessages.DISCARD ? "discarded" : "dead-lettered"));
    }

    private static Predicate<Session> filter(@Nullable String prefix, @Nullable String user, @Nullable String address,
                                             @Nullable String state) {
        Predicate<Session> all = session -> true;
        if (prefix != null && !prefix.isEmpty()) {
            all = all.and(session -> session.clientId().startsWith(prefix));
        }
        if (user != null && !user.isEmpty()) {
            all = all.and(session -> session.connectionInfo().map(c -> user.equals(c.userName())).orElse(false));
        }
        if (address != null && !address.isEmpty()) {
            all = all.and(session -> session.connectionInfo().map(c -> c.remoteAddress().contains(address))
                    .orElse(false));
        }
        if (state != null && !state.isEmpty()) {
            String wanted = state.toLowerCase(Locale.ROOT);
            all = all.and(session -> state(session).equals(wanted));
        }
        return all;
    }

    private ClientSummary summary(Session session) {
        ConnectionInfo connection = session.connectionInfo().orElse(null);
        return new ClientSummary(session.clientId(), state(session), session.persistent(),
                connection == null ? null : connection.remoteAddress(), connection == null ? null : connection.listener(),
                connection == null ? null : connection.userName(), session.subscriptions().size(),
                pointToPoint.heldFor(session.clientId()));
    }

    /** connected, or away (a persistent session whose client is not connected). */
    static String state(Session session) {
        return session.connected() ? "connected" : "away";
    }
}
