package org.telemetrybridge.backend.jms;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import org.telemetrybridge.backend.Backend;
import org.telemetrybridge.backend.BackendListener;
import org.telemetrybridge.backend.BackendSubscription;
import org.telemetrybridge.backend.BackendUnavailableException;
import org.telemetrybridge.backend.Delivery;
import org.telemetrybridge.backend.DeliverySink;
import org.telemetrybridge.backend.DurableSubscriber;
import org.telemetrybridge.backend.Publication;
import org.telemetrybridge.backend.SessionState;
import org.telemetrybridge.log.BridgeLog;

/**
 * The backend port on Jakarta Messaging, the same code for IBM MQ and the embedded stand-in; the
 * {@link JmsDialect} supplies what differs. Publications go through {@link PublisherWorker}s (group
 * commit); each shared subscription and each durable subscription has a JMS session of its own,
 * since a JMS session with a message listener may not be used for anything else.
 *
 * <p>Connection life: {@link #start()} never fails for an unreachable backend. It logs why (once per
 * distinct reason, not per attempt) and retries with exponential backoff; while it is not connected
 * {@link #available()} is false, which keeps readiness DOWN and makes CONNECT answer "server
 * unavailable". When an established connection breaks, everything made on it is gone: the backend
 * tells its {@link BackendListener}s (the core drops its clients, whose persistent sessions stay in
 * the queue manager) and reconnects the same way.
 */
public final class JmsBackend implements Backend {

    /** Everything that lives on one JMS connection; replaced as a whole when the backend reconnects. */
    private record Link(Connection connection, PublisherWorker[] publishers, Session adminSession) {
    }

    private final JmsDialect dialect;
    private final int publisherThreads;
    private final BackOff backOff;
    /**
     * This bridge instance, on its publications: its shared subscriptions leave them out. 64 random
     * bits tell the bridges of one queue manager apart; it is short because every message carries it.
     */
    private final String origin = Long.toUnsignedString(new SecureRandom().nextLong(), Character.MAX_RADIX);
    private volatile DirectPublisher directPublisher;
    private final List<BackendListener> listeners = new CopyOnWriteArrayList<>();
    private final Object connectLock = new Object();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tb-backend-connect-", 1).daemon().factory());
    private final ExecutorService acknowledger = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("tb-backend-ack-", 1).daemon().factory());
    private volatile Link link;
    /**
     * Connected and the listeners have caught up (stored sessions restored): only then are clients
     * accepted, so a device never connects before its persistent session is back.
     */
    private volatile boolean ready;
    private volatile boolean stopped;
    // Written under connectLock; volatile so health can read them without waiting for a connection attempt.
    private BackOffExecution retry;
    private volatile String reportedFailure;
    private volatile int failedAttempts;
    private boolean everConnected;
    /** The default of {@code bridge.jms.max-waiting-publications}. */
    public static final int DEFAULT_MAX_WAITING_PUBLICATIONS = 20_000;
    private final WaitingLimit waiting;

    public JmsBackend(JmsDialect dialect, int publisherThreads) {
        this(dialect, publisherThreads, defaultBackOff());
    }

    public JmsBackend(JmsDialect dialect, int publisherThreads, BackOff backOff) {
        this(dialect, publisherThreads, backOff, DEFAULT_MAX_WAITING_PUBLICATIONS);
    }

    /** @param maxWaitingPublications publications of all clients waiting for the backend at most */
    public JmsBackend(JmsDialect dialect, int publisherThreads, BackOff backOff, int maxWaitingPublications) {
        this.dialect = dialect;
        this.publisherThreads = publisherThreads;
        this.backOff = backOff;
        this.waiting = new WaitingLimit(maxWaitingPublications);
    }

    /** 1 s, doubling, at most 60 s apart, with jitter so that many bridges do not retry in step. */
    public static ExponentialBackOff defaultBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(60_000);
        backOff.setJitter(250);
        return backOff;
    }

    /** Connects now if it can, else keeps retrying in the background; never throws for an unreachable backend. */
    public void start() {
        directPublisher = dialect.directPublisher(origin);
        connect();
    }

    public void stop() {
        stopped = true;
        ready = false;
        if (directPublisher != null) {
            directPublisher.stop();
        }
        connector.shutdownNow();
        acknowledger.shutdownNow();
        Link last;
        synchronized (connectLock) {
            last = link;
            link = null;
        }
        if (last != null) {
            tearDown(last);
        }
    }

    /** The current JMS connection, for other parts of the adapter (the transmit queue consumer); null while down. */
    public Connection connection() {
        Link current = link;
        return current == null ? null : current.connection();
    }

    public JmsDialect dialect() {
        return dialect;
    }

    /** Connection attempts that failed since the backend was last connected. */
    public int failedAttempts() {
        return failedAttempts;
    }

    /** Why the backend is not connected (as last logged), or null while it is. */
    public String lastFailure() {
        return link == null ? reportedFailure : null;
    }

    @Override
    public void addListener(BackendListener listener) {
        synchronized (connectLock) {
            listeners.add(listener);
            if (link != null) {
                listener.connected();
            }
        }
    }

    // --- connection life ---------------------------------------------------------------------------

    private void connect() {
        synchronized (connectLock) {
            if (stopped || link != null) {
                return;
            }
            Connection connection = null;
            PublisherWorker[] publishers = new PublisherWorker[publisherThreads];
            try {
                connection = dialect.connectionFactory().createConnection();
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
            retry = null;
            reportedFailure = null;
            failedAttempts = 0;
            for (BackendListener listener : listeners) {
                try {
                    listener.connected();
                } catch (RuntimeException e) {
                    BridgeLog.backendListenerFailed(dialect.describe(), e);
                }
            }
            ready = true;
        }
    }

    /** Logs the failure if its reason differs from the one last logged, and schedules the next attempt. */
    private void retryLater(Exception failure) {
        if (stopped) {
            return;
        }
        if (retry == null) {
            retry = backOff.start();
        }
        long delay = retry.nextBackOff();
        if (delay == BackOffExecution.STOP) {
            // A bounded backoff ran out; a bridge is useless without its backend, so keep trying.
            retry = backOff.start();
            delay = retry.nextBackOff();
        }
        String reason = dialect.failureReason(failure);
        if (!reason.equals(reportedFailure)) {
            reportedFailure = reason;
            BridgeLog.backendUnreachable(dialect.describe(), reason, delay);
        }
        try {
            connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
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
        } catch (java.util.concurrent.RejectedExecutionException e) {
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

    private Link link() {
        Link current = link;
        if (current == null) {
            throw new BackendUnavailableException(dialect.describe() + " is not connected", null);
        }
        return current;
    }

    // --- publishing and session state -------------------------------------------------------------

    @Override
    public CompletableFuture<Void> publish(Publication publication, SessionState stateAfter) {
        // Retained publications and QoS 2 session states keep to JMS: they need the broker's send
        // path (retained copy) or a JMS transaction with the state.
        if (stateAfter == null && !publication.retain()) {
            if (available() && !dialect.anyoneElseSubscribes(publication.topic())) {
                // Only this bridge's clean sessions want it, and the core hands it to them directly.
                return CompletableFuture.completedFuture(null);
            }
            DirectPublisher direct = directPublisher;
            if (direct != null) {
                return waiting.admit(publication, () -> direct.publish(publication));
            }
        }
        return waiting.admit(publication, () -> submit(publication.originClientId(), publication, stateAfter, null));
    }

    /** Publications handed to the backend and not yet accepted (for tests of the bound). */
    public int waitingPublications() {
        return waiting.count();
    }

    @Override
    public CompletableFuture<Void> saveSession(SessionState state) {
        return submit(state.clientId(), null, state, null);
    }

    @Override
    public void deleteSession(String clientId, Collection<String> filters) {
        for (String filter : filters) {
            deleteDurable(clientId, filter);
        }
        submit(clientId, null, null, clientId).join();
    }

    private CompletableFuture<Void> submit(String clientId, Publication publication, SessionState state,
                                           String deletedClientId) {
        Link current = link;
        if (current == null) {
            return CompletableFuture.failedFuture(
                    new BackendUnavailableException(dialect.describe() + " is not connected", null));
        }
        int hash = clientId == null ? 0 : clientId.hashCode();
        return current.publishers()[Math.floorMod(hash, current.publishers().length)]
                .submit(publication, state, deletedClientId);
    }

    @Override
    public Collection<SessionState> storedSessions() {
        Map<String, SessionState> states = new LinkedHashMap<>();
        try {
            Session session = link().connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
            try {
                Queue queue = session.createQueue(Destinations.SESSION_STATE_QUEUE);
                QueueBrowser browser = session.createBrowser(queue);
                for (Enumeration<?> messages = browser.getEnumeration(); messages.hasMoreElements(); ) {
                    Message message = (Message) messages.nextElement();
                    // Newer messages come later and replace older ones; a tombstone deletes.
                    String clientId = SessionStateCodec.clientId(message);
                    SessionState state = SessionStateCodec.decode(message);
                    if (state == null) {
                        states.remove(clientId);
                    } else {
                        states.put(clientId, state);
                    }
                }
            } finally {
                session.close();
            }
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot read " + Destinations.SESSION_STATE_QUEUE, e);
        }
        return states.values();
    }

    // --- subscriptions -----------------------------------------------------------------------------

    @Override
    public BackendSubscription subscribeShared(String filter, DeliverySink sink) {
        try {
            Session session = link().connection().createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            try {
                MessageConsumer consumer = session.createConsumer(session.createTopic(filter),
                        MessageMapping.notFrom(origin));
                return new PausableConsumer(session, consumer,
                        message -> deliver(message, filter, sink, Delivery.Acknowledgement.NONE));
            } catch (JMSException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot subscribe to '" + filter + "': " + e.getMessage(), e);
        }
    }

    @Override
    public DurableSubscriber openDurableSubscriber(String clientId) {
        return new JmsDurableSubscriber(this, clientId);
    }

    @Override
    public List<Delivery> retained(String filter) {
        try {
            return dialect.retained(filter, link().connection());
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot read the retained publications of '" + filter + "': "
                    + e.getMessage(), e);
        }
    }

    /** Deletes one durable subscription with the messages it holds. */
    void deleteDurable(String clientId, String filter) {
        String name = dialect.durableSubscriptionName(clientId, filter);
        Session adminSession = link().adminSession();
        synchronized (adminSession) {
            try {
                adminSession.unsubscribe(name);
            } catch (jakarta.jms.InvalidDestinationException e) {
                // Never created, or already gone.
            } catch (JMSException e) {
                throw new BackendUnavailableException("cannot delete durable subscription '" + name + "'", e);
            }
        }
    }

    Session createDurableSession() throws JMSException {
        return link().connection().createSession(false, dialect.durableAcknowledgeMode());
    }

    /** Where durable subscriptions do their blocking acknowledgement work, off the network threads. */
    ExecutorService acknowledger() {
        return acknowledger;
    }

    /**
     * Turns a JMS message into a delivery; messages that cannot be delivered, messages sent to a
     * queue, and retained publications the provider replays to a new subscription (the core sends
     * those itself), are acknowledged and skipped.
     */
    void deliver(Message message, String source, DeliverySink sink, Delivery.Acknowledgement acknowledgement) {
        try {
            // A wildcard subscription on the embedded broker also matches the addresses of queues
            // (the bridge's own state and held queues, a JMS application's queues): those messages
            // are not MQTT publications and never reach a device.
            if (dialect.isRetainedReplay(message) || !(message.getJMSDestination() instanceof jakarta.jms.Topic)) {
                acknowledgement.acknowledge();
                return;
            }
            byte[] payload = MessageMapping.payload(message);
            if (payload == null) {
                BridgeLog.unsupportedMessageType(source, message.getClass().getSimpleName());
                acknowledgement.acknowledge();
                return;
            }
            String topic = ((jakarta.jms.Topic) message.getJMSDestination()).getTopicName();
            sink.deliver(new Delivery(topic, payload, MessageMapping.qos(message), false, message.getJMSMessageID(),
                    message.getJMSRedelivered(), acknowledgement));
        } catch (JMSException | RuntimeException e) {
            BridgeLog.backendDeliveryFailed(source, e);
        }
    }

    static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (JMSException | RuntimeException e) {
            // Closing a broken session: nothing left to do.
        }
    }

    @Override
    public boolean available() {
        return ready;
    }

    @Override
    public String reservedTopic(String topicOrFilter) {
        return dialect.reservedTopic(topicOrFilter);
    }

    @Override
    public String describe() {
        return dialect.describe();
    }
}
