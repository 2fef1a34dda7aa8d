package org.telemetrybridge.backend.jms;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import org.springframework.util.backoff.BackOff;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.BackendListener;
import org.telemetrybridge.session.port.BackendUnavailableException;

/**
 * The life of the JMS connection to the backend: connects, and when it cannot or when an
 * established connection breaks, logs why (once per distinct reason, not per attempt) and retries
 * with backoff. Everything made on one connection (its publishers and admin session) is one
 * {@link Link}, replaced as a whole on reconnect. Connecting and reconnecting run on one thread
 * ({@code tb-backend-connect}) under one lock; the current link is read from any thread.
 */
final class BackendConnection {

    /** Everything that lives on one JMS connection. */
    record Link(Connection connection, PublisherWorker[] publishers, Session adminSession) {

        /** A client's publications and session states always go through the same publisher, in order. */
        PublisherWorker publisherFor(String clientId) {
            int hash = clientId == null ? 0 : clientId.hashCode();
            return publishers[Math.floorMod(hash, publishers.length)];
        }
    }

    private final JmsDialect dialect;
    private final int publisherThreads;
    private final String origin;
    private final ConnectionCount count;
    private final List<BackendListener> listeners = new CopyOnWriteArrayList<>();
    private final Object connectLock = new Object();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tb-backend-connect-", 1).daemon().factory());
    private volatile Link link;
    /**
     * Connected and the listeners have caught up (stored sessions restored): only then are clients
     * accepted, so a device never connects before its persistent session is back.
     */
    private volatile boolean ready;
    private volatile boolean stopped;
    /** Active/standby's lock, or null when every bridge is active (bridge.ha.mode=none). Set before start. */
    private volatile ActiveLock activeLock;
    /** Connected, but another bridge holds the active lock. */
    private volatile boolean standby;
    /** Why this bridge is standby, as last logged; null while it is active. Under connectLock. */
    private String reportedStandby;
    // Written under connectLock; volatile so health can read them without waiting for a connection attempt.
    private final EndlessBackOff retry;
    private volatile String reportedFailure;
    private volatile int failedAttempts;
    private boolean everConnected;

    BackendConnection(JmsDialect dialect, int publisherThreads, BackOff backOff, String origin, ConnectionCount count) {
        this.dialect = dialect;
        this.count = count;
        this.publisherThreads = publisherThreads;
        this.retry = new EndlessBackOff(backOff);
        this.origin = origin;
    }

    /** Makes this bridge serve only while it holds the lock (active/standby); call before {@link #start()}. */
    void useActiveLock(ActiveLock lock) {
        this.activeLock = lock;
    }

    void start() {
        connect();
    }

    void stop() {
        stopped = true;
        ready = false;
        connector.shutdownNow();
        Link last;
        synchronized (connectLock) {
            last = link;
            link = null;
        }
        if (last != null) {
            tearDown(last);
        }
    }

    /** The current link, or null while the backend is down. */
    Link current() {
        return link;
    }

    /** The current link; throws while the backend is down. */
    Link required() {
        Link current = link;
        if (current == null) {
            throw new BackendUnavailableException(dialect.describe() + " is not connected", null);
        }
        return current;
    }

    boolean ready() {
        return ready;
    }

    /** Connected, while another bridge is the active one (active/standby). */
    boolean standby() {
        return standby && link != null;
    }

    /** Whether active/standby is on: this bridge serves only while it holds the lock. */
    boolean activeStandby() {
        return activeLock != null;
    }

    int failedAttempts() {
        return failedAttempts;
    }

    String lastFailure() {
        return link == null ? reportedFailure : null;
    }

    void addListener(BackendListener listener) {
        synchronized (connectLock) {
            listeners.add(listener);
            if (link != null && !standby) {
                listener.connected();
            }
        }
    }

    private void connect() {
        synchronized (connectLock) {
            if (stopped || link != null) {
                return;
            }
            Connection connection = null;
            PublisherWorker[] publishers = new PublisherWorker[publisherThreads];
            try {
                connection = count.counted(dialect.connectionFactory().createConnection());
                Connection opened = connection;
                connection.setExceptionListener(e -> connectionFailed(opened, e));
                Session adminSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                for (int i = 0; i < publisherThreads; i++) {
                    publishers[i] = new PublisherWorker(dialect, connection, origin,
                            "tb-publisher-" + i);
                    publishers[i].start();
                }
                connection.start();
                link = new Link(connection, publishers, adminSession);
            } catch (JMSException | RuntimeException e) {
                tearDown(new Link(connection, publishers, null));
                failedAttempts++;
                retryLater(e);
                return;
            }
            if (failedAttempts > 0 || everConnected) {
                BridgeLog.backendReconnected(dialect.describe(), failedAttempts);
            } else {
                BridgeLog.backendConnected(dialect.describe());
            }
            everConnected = true;
            retry.reset();
            reportedFailure = null;
            failedAttempts = 0;
            activateOrWait();
        }
    }

    /**
     * Without active/standby, or once this bridge holds the lock: the listeners catch up (stored
     * sessions are restored, the transmit queue drains) and clients are accepted. Otherwise this bridge
     * stays connected as the standby and tries again after a short wait. Under connectLock.
     */
    private void activateOrWait() {
        ActiveLock lock = activeLock;
        if (lock != null) {
            try {
                lock.take(link.connection());
            } catch (JMSException | RuntimeException e) {
                standby = true;
                String reason = dialect.failureReason(e);
                if (!reason.equals(reportedStandby)) {
                    reportedStandby = reason;
                    if (dialect.lockHeldElsewhere(e)) {
                        BridgeLog.haStandby(dialect.describe(), MqObjectNames.ACTIVE_LOCK_QUEUE);
                    } else {
                        BridgeLog.haLockUnusable(dialect.describe(), MqObjectNames.ACTIVE_LOCK_QUEUE, reason);
                    }
                }
                scheduleLockAttempt(lock.nextAttemptDelay());
                return;
            }
            standby = false;
            reportedStandby = null;
            BridgeLog.haActive(dialect.describe(), MqObjectNames.ACTIVE_LOCK_QUEUE);
        }
        for (BackendListener listener : listeners) {
            try {
                listener.connected();
            } catch (RuntimeException e) {
                BridgeLog.backendListenerFailed(dialect.describe(), e);
            }
        }
        ready = true;
    }

    private void scheduleLockAttempt(long delayMillis) {
        Link waiting = link;
        try {
            connector.schedule(() -> {
                synchronized (connectLock) {
                    // A lost connection reconnects, and tries the lock, on its own path: an attempt
                    // scheduled for an earlier connection ends here, so attempts never run twice over.
                    if (!stopped && link == waiting && standby) {
                        activateOrWait();
                    }
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping.
        }
    }

    /** Logs the failure if its reason differs from the one last logged, and schedules the next attempt. */
    private void retryLater(Exception failure) {
        if (stopped) {
            return;
        }
        long delay = retry.nextDelay();
        String reason = dialect.failureReason(failure);
        if (!reason.equals(reportedFailure)) {
            reportedFailure = reason;
            BridgeLog.backendUnreachable(dialect.describe(), reason, delay);
        }
        try {
            connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping.
        }
    }

    /** The provider's exception listener: the connection is broken. Called on a provider thread. */
    private void connectionFailed(Connection failed, JMSException failure) {
        Link lost;
        synchronized (connectLock) {
            lost = link;
            if (lost == null || lost.connection() != failed || stopped) {
                return;
            }
            ready = false;
            link = null;
            standby = false;
            reportedFailure = dialect.failureReason(failure);
        }
        BridgeLog.backendLost(dialect.describe(), reportedFailure);
        try {
            connector.execute(() -> {
                for (BackendListener listener : listeners) {
                    try {
                        listener.lost();
                    } catch (RuntimeException e) {
                        BridgeLog.backendListenerFailed(dialect.describe(), e);
                    }
                }
                tearDown(lost);
                synchronized (connectLock) {
                    retryLater(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            // Stopping.
        }
    }

    private static void tearDown(Link old) {
        for (PublisherWorker publisher : old.publishers()) {
            if (publisher != null) {
                publisher.stop();
            }
        }
        if (old.connection() != null) {
            try {
                old.connection().close();
            } catch (JMSException | RuntimeException e) {
                // Broken already: nothing left to close.
            }
        }
    }
}
