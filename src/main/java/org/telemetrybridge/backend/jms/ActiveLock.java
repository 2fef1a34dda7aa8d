package org.telemetrybridge.backend.jms;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import org.springframework.util.backoff.BackOff;

/**
 * Active/standby: the lock a bridge must hold to serve devices, an exclusive consumer on
 * {@link org.telemetrybridge.backend.MqObjectNames#ACTIVE_LOCK_QUEUE}. The queue manager (or broker)
 * gives it to one connection at a time and takes it back when that connection ends, so a bridge that
 * dies, or whose connection the queue manager drops as dead, frees it with nothing to clean up. It
 * lives on the connection it was taken on; a new connection must take it again.
 *
 * <p>Used by {@link BackendConnection} under its connect lock only.
 */
final class ActiveLock {

    private final JmsDialect dialect;
    private final EndlessBackOff retry;

    /** @param retry how often a standby bridge tries again to take the lock */
    ActiveLock(JmsDialect dialect, BackOff retry) {
        this.dialect = dialect;
        this.retry = new EndlessBackOff(retry);
    }

    /**
     * Takes the lock on the connection, on a session of its own that lives as long as the connection.
     *
     * @throws JMSException the lock is held by another bridge, or the lock queue cannot be opened
     */
    void take(Connection connection) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            // Never read: holding it open is the point.
            session.createConsumer(dialect.activeLockQueue(session));
        } catch (JMSException | RuntimeException e) {
            JmsBackend.closeQuietly(session);
            throw e;
        }
        retry.reset();
    }

    /** Milliseconds until the next attempt of a standby bridge. */
    long nextAttemptDelay() {
        return retry.nextDelay();
    }
}
