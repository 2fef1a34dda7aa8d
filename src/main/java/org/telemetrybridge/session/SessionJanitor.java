package org.telemetrybridge.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Removes the sessions away for longer than their expiry, as of {@code nowMillis}; returns their ids. */
    public List<String> sweep(long nowMillis) {
        List<String> removed = new ArrayList<>();
        for (Session session : List.copyOf(registry.sessions())) {
            long away = session.awaySince();
            Duration expiry = expiryFor(session.clientId());
            if (!session.persistent() || away == 0 || expiry.isZero() || nowMillis - away <= expiry.toMillis()) {
                continue;
            }
            Integer subscriptions;
            try {
                subscriptions = registry.expireIfAway(session.clientId(), nowMillis - expiry.toMillis())
                        .get(EXPIRE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) { // the backend failed or hung: the next sweep tries again
                BridgeLog.sessionExpiryFailed(session.clientId(), e);
                continue;
            }
            if (subscriptions != null) {
                expired.increment();
                removed.add(session.clientId());
                BridgeLog.sessionExpired(session.clientId(), Duration.ofMillis(nowMillis - away), expiry, subscriptions);
            }
        }
        return removed;
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
