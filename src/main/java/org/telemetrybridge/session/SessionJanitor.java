package org.telemetrybridge.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import org.telemetrybridge.log.BridgeLog;

/**
 * Ends persistent sessions whose clients stay away: MQTT 3.1.1 keeps such a session for ever, and
 * under MQ Telemetry its subscriptions went on filling the transmission queue until it was full
 * (APARs IT37881, IT27271). A session away longer than its expiry is removed as a purge would:
 * subscriptions removed in the backend (with what waits on them), held messages dead-lettered.
 */
public final class SessionJanitor {

    /**
     * @param expiry           how long a persistent session may stay away; zero keeps it for ever
     * @param expiryByClientId expiries for client ids matching a glob pattern ({@code *} any characters,
     *                         {@code ?} one); the longest matching pattern wins
     */
    public record Settings(Duration expiry, Map<String, Duration> expiryByClientId) {

        public Settings {
            expiryByClientId = Map.copyOf(expiryByClientId);
        }
    }

    private static final long EXPIRE_TIMEOUT_SECONDS = 60;
    /** MQTT 5's Session Expiry Interval for "never". */
    private static final long NEVER = 0xFFFF_FFFFL;

    /** The pending expiry of each away session of an MQTT 5 client, by client id. */
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    private final SessionRegistry registry;
    private final Duration defaultExpiry;
    /** Patterns, longest first: the most specific one is found first. */
    private final Map<Pattern, Duration> overrides = new LinkedHashMap<>();
    private final LongAdder expired = new LongAdder();

    public SessionJanitor(SessionRegistry registry, Settings settings) {
        this.registry = registry;
        this.defaultExpiry = settings.expiry();
        settings.expiryByClientId().entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()))
                .forEach(entry -> overrides.put(glob(entry.getKey()), entry.getValue()));
    }

    /** The expiry of a client's session: its pattern's, or the default. */
    public Duration expiryFor(String clientId) {
        for (Map.Entry<Pattern, Duration> override : overrides.entrySet()) {
            if (override.getKey().matcher(clientId).matches()) {
                return override.getValue();
            }
        }
        return defaultExpiry;
    }

    /**
     * The expiry of a session: the bridge's for its client id, or the MQTT 5 client's Session Expiry
     * Interval where that is shorter; null for never.
     */
    public Duration expiryOf(Session session) {
        Duration bridge = expiryFor(session.clientId());
        long asked = session.expiryInterval();
        if (asked < 0 || asked == NEVER) {
            return bridge.isZero() ? null : bridge;
        }
        Duration client = Duration.ofSeconds(asked);
        return bridge.isZero() || client.compareTo(bridge) < 0 ? client : bridge;
    }

    /**
     * Ends sessions at the very time an MQTT 5 client's expiry says (a session outlives its connection
     * for exactly that long; 0: it ends with it) instead of at the next sweep: a timer per away session
     * of an MQTT 5 client, on {@code timer}, cancelled when the client comes back. Tells the registry
     * the bridge's expiry, which CONNACK reports where it is shorter than the client's.
     */
    public void expireOnTime(ScheduledExecutorService timer) {
        registry.expiryLimit(this::expiryFor);
        registry.addListener(new SessionListener() {
            @Override
            public void attached(Session session) {
                ScheduledFuture<?> pending = timers.remove(session.clientId());
                if (pending != null) {
                    pending.cancel(false);
                }
            }

            @Override
            public void detached(Session session) {
                long away = session.awaySince();
                Duration expiry = expiryOf(session);
                if (!session.persistent() || session.expiryInterval() < 0 || expiry == null || away == 0) {
                    return;
                }
                long delay = Math.max(0, away + expiry.toMillis() - System.currentTimeMillis());
                ScheduledFuture<?> previous = timers.put(session.clientId(), timer.schedule(() -> {
                    timers.remove(session.clientId());
                    expire(session, away + 1, expiry, System.currentTimeMillis());
                }, delay, TimeUnit.MILLISECONDS));
                if (previous != null) {
                    previous.cancel(false);
                }
            }
        });
    }

    /** Removes the sessions away for longer than their expiry, as of {@code nowMillis}; returns their ids. */
    public List<String> sweep(long nowMillis) {
        List<String> removed = new ArrayList<>();
        for (Session session : List.copyOf(registry.sessions())) {
            long away = session.awaySince();
            Duration expiry = expiryOf(session);
            if (!session.persistent() || away == 0 || expiry == null || nowMillis - away <= expiry.toMillis()) {
                continue;
            }
            try {
                if (expire(session, nowMillis - expiry.toMillis(), expiry, nowMillis)
                        .get(EXPIRE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    removed.add(session.clientId());
                }
            } catch (Exception e) { // the backend failed or hung: the next sweep tries again
                BridgeLog.sessionExpiryFailed(session.clientId(), e);
            }
        }
        return removed;
    }

    /** Removes a session away since before {@code awayBefore}; completes with whether it was removed. */
    private CompletableFuture<Boolean> expire(Session session, long awayBefore, Duration expiry, long nowMillis) {
        long away = session.awaySince();
        return registry.expireIfAway(session.clientId(), awayBefore).handle((subscriptions, failure) -> {
            if (failure != null) {
                BridgeLog.sessionExpiryFailed(session.clientId(), failure);
                return false;
            }
            if (subscriptions == null) {
                return false;
            }
            expired.increment();
            BridgeLog.sessionExpired(session.clientId(), Duration.ofMillis(nowMillis - away), expiry, subscriptions);
            return true;
        });
    }

    /** Sessions removed for staying away, since start. */
    public long expiredCount() {
        return expired.sum();
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
