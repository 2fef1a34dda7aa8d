package org.telemetrybridge.backend.jms;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import org.telemetrybridge.session.port.Backend;
import org.telemetrybridge.session.port.BackendListener;
import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.DeliverySink;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.SessionState;

/**
 * The backend port on Jakarta Messaging, the same code for IBM MQ and the embedded stand-in; the
 * {@link JmsDialect} supplies what differs. It puts together three parts, each with its own
 * threads: the connection's life and backoff ({@link BackendConnection}), the store of persistent
 * sessions ({@link JmsSessionStore}, on the publisher threads) and the subscriptions
 * ({@link JmsSubscriptions}). Publications go through {@link PublisherWorker}s (group commit), or
 * straight into the broker where the dialect offers a {@link DirectPublisher}.
 *
 * <p>Connection life: {@link #start()} never fails for an unreachable backend. It logs why (once per
 * distinct reason, not per attempt) and retries with exponential backoff; while it is not connected
 * {@link #available()} is false, which keeps readiness DOWN and makes CONNECT answer "server
 * unavailable". When an established connection breaks, everything made on it is gone: the backend
 * tells its {@link BackendListener}s (the core drops its clients, whose persistent sessions stay in
 * the queue manager) and reconnects the same way.
 */
public final class JmsBackend implements Backend {

    private final JmsDialect dialect;
    /**
     * This bridge instance, on its publications: its shared subscriptions leave them out. 64 random
     * bits tell the bridges of one queue manager apart; it is short because every message carries it.
     */
    private final String origin = Long.toUnsignedString(new SecureRandom().nextLong(), Character.MAX_RADIX);
    private final BackendConnection connection;
    private final JmsSessionStore sessionStore;
    private final JmsSubscriptions subscriptions;
    private volatile DirectPublisher directPublisher;
    /** The default of {@code bridge.jms.max-waiting-publications}. */
    public static final int DEFAULT_MAX_WAITING_PUBLICATIONS = 20_000;
    private final WaitingLimit waiting;
    private final ConnectionCount count = new ConnectionCount();

    public JmsBackend(JmsDialect dialect, int publisherThreads) {
        this(dialect, publisherThreads, defaultBackOff());
    }

    public JmsBackend(JmsDialect dialect, int publisherThreads, BackOff backOff) {
        this(dialect, publisherThreads, backOff, DEFAULT_MAX_WAITING_PUBLICATIONS);
    }

    /** @param maxWaitingPublications publications of all clients waiting for the backend at most */
    public JmsBackend(JmsDialect dialect, int publisherThreads, BackOff backOff, int maxWaitingPublications) {
        this.dialect = dialect;
        this.waiting = new WaitingLimit(maxWaitingPublications);
        this.connection = new BackendConnection(dialect, publisherThreads, backOff, origin, count);
        this.sessionStore = new JmsSessionStore(connection, dialect);
        this.subscriptions = new JmsSubscriptions(connection, dialect, origin);
    }

    /** 1 s, doubling, at most 60 s apart, with jitter so that many bridges do not retry in step. */
    public static ExponentialBackOff defaultBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(60_000);
        backOff.setJitter(250);
        return backOff;
    }

    /**
     * Active/standby: this bridge serves devices only while it holds the lock queue
     * ({@link org.telemetrybridge.backend.MqObjectNames#ACTIVE_LOCK_QUEUE}) open for exclusive input.
     * Until then it stays connected as the standby, not {@link #available()} (readiness DOWN, CONNECT
     * answered "server unavailable", no stored session loaded, the transmit queue not drained), and
     * tries again on each step of the back-off. Call before {@link #start()}.
     */
    public void useActiveLock(BackOff retry) {
        connection.useActiveLock(new ActiveLock(dialect, retry));
    }

    /** Whether active/standby is on for this bridge. */
    public boolean activeStandby() {
        return connection.activeStandby();
    }

    /** Connected, while another bridge is the active one. */
    public boolean standby() {
        return connection.standby();
    }

    /** Connects now if it can, else keeps retrying in the background; never throws for an unreachable backend. */
    public void start() {
        directPublisher = dialect.directPublisher(origin);
        connection.start();
    }

    public void stop() {
        if (directPublisher != null) {
            directPublisher.stop();
        }
        subscriptions.stop();
        connection.stop();
    }

    /** The current JMS connection, for other parts of the adapter (the transmit queue consumer); null while down. */
    public Connection connection() {
        BackendConnection.Link current = connection.current();
        return current == null ? null : current.connection();
    }

    public JmsDialect dialect() {
        return dialect;
    }

    /** The JMS connections this adapter holds open now: one while connected. */
    public int openConnections() {
        return count.connections();
    }

    /** The JMS sessions this adapter holds open now (on IBM MQ, a connection handle each). */
    public int openSessions() {
        return count.sessions();
    }

    /** Connection attempts that failed since the backend was last connected. */
    public int failedAttempts() {
        return connection.failedAttempts();
    }

    /** Why the backend is not connected (as last logged), or null while it is. */
    public String lastFailure() {
        return connection.lastFailure();
    }

    @Override
    public void addListener(BackendListener listener) {
        connection.addListener(listener);
    }

    @Override
    public boolean available() {
        return connection.ready();
    }

    @Override
    public String reservedTopic(String topicOrFilter) {
        return dialect.reservedTopic(topicOrFilter);
    }

    @Override
    public String describe() {
        return dialect.describe();
    }

    // --- publishing and session state -------------------------------------------------------------

    @Override
    public CompletableFuture<Void> publish(Publication publication, SessionState stateAfter) {
        // Retained publications and QoS 2 session states keep to JMS: they need the broker's send
        // path (retained copy) or a JMS transaction with the state; so do MQTT 5 properties, which
        // MessageMapping maps onto the JMS message.
        if (stateAfter == null && !publication.retain() && publication.properties().isEmpty()) {
            if (available() && !dialect.anyoneElseSubscribes(publication.topic())) {
                // Only this bridge's clean sessions want it, and the core hands it to them directly.
                return CompletableFuture.completedFuture(null);
            }
            DirectPublisher direct = directPublisher;
            if (direct != null) {
                return waiting.admit(publication, () -> direct.publish(publication));
            }
        }
        return waiting.admit(publication,
                () -> sessionStore.submit(publication.originClientId(), publication, stateAfter, null));
    }

    /** Publications handed to the backend and not yet accepted (for tests of the bound). */
    public int waitingPublications() {
        return waiting.count();
    }

    @Override
    public CompletableFuture<Void> saveSession(SessionState state) {
        return sessionStore.save(state);
    }

    @Override
    public void deleteSession(String clientId, Collection<String> filters) {
        for (String filter : filters) {
            subscriptions.deleteDurable(clientId, filter);
        }
        sessionStore.delete(clientId).join();
    }

    @Override
    public Collection<SessionState> storedSessions() {
        return sessionStore.stored();
    }

    // --- subscriptions -----------------------------------------------------------------------------

    @Override
    public BackendSubscription subscribeShared(String filter, DeliverySink sink) {
        return subscriptions.subscribeShared(filter, sink);
    }

    @Override
    public BackendSubscription joinGroup(String name, String filter, boolean durable, DeliverySink sink) {
        return subscriptions.joinGroup(this, name, filter, durable, sink);
    }

    @Override
    public boolean groupsAlwaysDurable() {
        return !dialect.individualAcknowledge();
    }

    @Override
    public boolean deleteGroup(String name) {
        return subscriptions.deleteGroup(name);
    }

    @Override
    public List<Delivery> retained(String filter) {
        return subscriptions.retained(filter);
    }

    Session createDurableSession() throws JMSException {
        return subscriptions.createDurableSession();
    }

    /** Where durable subscriptions do their blocking acknowledgement work, off the network threads. */
    ExecutorService acknowledger() {
        return subscriptions.acknowledger();
    }

    static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (JMSException | RuntimeException e) {
            // Closing a broken session: nothing left to do.
        }
    }
}
