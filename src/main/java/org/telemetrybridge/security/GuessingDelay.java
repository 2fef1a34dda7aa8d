package org.telemetrybridge.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing from one source address: after each failed login from an address, its
 * next attempts wait longer before their password is checked (from {@code initial}, doubling, at most
 * {@code max}); a success, or a quiet period of {@code forgetAfter}, forgets the address. Every attempt
 * from a slowed address waits, successful or not, so a guesser cannot tell a right password by the
 * speed of the answer. At most {@code maxAddresses} addresses are remembered, the least recently seen
 * forgotten first, so a flood of addresses costs bounded memory. The waiting itself is the caller's
 * business (a scheduled task, not a sleeping thread).
 */
public final class GuessingDelay {

    /** A failure count at which the delay is surely at its maximum: keeps the doubling from overflowing. */
    private static final int MAX_COUNTED_FAILURES = 40;

    private record Failures(int count, long lastNanos) {
    }

    private final long initialNanos;
    private final long maxNanos;
    private final long forgetAfterNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Failures> byAddress;

    public GuessingDelay(Duration initial, Duration max, Duration forgetAfter, int maxAddresses, LongSupplier nanoClock) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.forgetAfterNanos = forgetAfter.toNanos();
        this.nanoClock = nanoClock;
        this.byAddress = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** How long an attempt from the address waits before its password is checked. */
    public synchronized Duration before(String address) {
        Failures failures = current(address);
        return failures == null ? Duration.ZERO : Duration.ofNanos(delayAfter(failures.count()));
    }

    /** Counts a failed login; returns the wait of the address's next attempt. */
    public synchronized Duration failed(String address) {
        Failures failures = current(address);
        int count = failures == null ? 1 : Math.min(MAX_COUNTED_FAILURES, failures.count() + 1);
        byAddress.put(address, new Failures(count, nanoClock.getAsLong()));
        return Duration.ofNanos(delayAfter(count));
    }

    /** A successful login: the address is no longer slowed down. */
    public synchronized void succeeded(String address) {
        byAddress.remove(address);
    }

    synchronized int addressesRemembered() {
        return byAddress.size();
    }

    private Failures current(String address) {
        Failures failures = byAddress.get(address);
        if (failures != null && nanoClock.getAsLong() - failures.lastNanos() > forgetAfterNanos) {
            byAddress.remove(address);
            return null;
        }
        return failures;
    }

    private long delayAfter(int failures) {
        long delay = initialNanos;
        for (int i = 1; i < failures && delay < maxNanos; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxNanos);
    }

    /** The host part of a socket address as Netty prints it ("/127.0.0.1:5000", "host/10.0.0.1:5000"). */
    public static String hostOf(String remoteAddress) {
        String address = remoteAddress;
        int slash = address.indexOf('/');
        if (slash >= 0) {
            address = address.substring(slash + 1);
        }
        int colon = address.lastIndexOf(':');
        if (colon > 0) {
            // IPv4 "a.b.c.d:port" and Java's IPv6 form "0:0:...:1:port" both end in ":port".
            return address.substring(0, colon);
        }
        return address;
    }
}
