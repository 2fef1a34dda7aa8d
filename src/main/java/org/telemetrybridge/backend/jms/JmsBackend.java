package org.telemetrybridge.backend.jms;

import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.telemetrybridge.backend.Backend;
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
 */
public final class JmsBackend implements Backend {

    private final JmsDialect dialect;
    private final int publisherThreads;
    private final Destinations destinations = new Destinations();
    private Connection connection;
    private PublisherWorker[] publishers;
    private Session adminSession;
    private volatile boolean available;

    public JmsBackend(JmsDialect dialect, int publisherThreads) {
        this.dialect = dialect;
        this.publisherThreads = publisherThreads;
    }

    public void start() {
        try {
            connection = dialect.connectionFactory().createConnection();
            connection.setExceptionListener(e -> {
                available = false;
                BridgeLog.backendLost(dialect.describe(), e);
            });
            adminSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            publishers = new PublisherWorker[publisherThreads];
            for (int i = 0; i < publisherThreads; i++) {
                publishers[i] = new PublisherWorker(dialect, connection, destinations, "tb-publisher-" + i);
                publishers[i].start();
            }
            connection.start();
            available = true;
            BridgeLog.backendConnected(dialect.describe());
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot connect to " + dialect.describe() + ": " + e.getMessage(), e);
        }
    }

    public void stop() {
        available = false;
        if (publishers != null) {
            for (PublisherWorker publisher : publishers) {
                publisher.stop();
            }
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                // Closing anyway.
            }
        }
    }

    /** The JMS connection, for other parts of the adapter (the transmit queue consumer). */
    public Connection connection() {
        return connection;
    }

    public JmsDialect dialect() {
        return dialect;
    }

    // --- publishing and session state -------------------------------------------------------------

    @Override
    public CompletableFuture<Void> publish(Publication publication, SessionState stateAfter) {
        return publisherFor(publication.originClientId()).submit(publication, stateAfter, null);
    }

    @Override
    public CompletableFuture<Void> saveSession(SessionState state) {
        return publisherFor(state.clientId()).submit(null, state, null);
    }

    @Override
    public void deleteSession(String clientId, Collection<String> filters) {
        for (String filter : filters) {
            deleteDurable(clientId, filter);
        }
        publisherFor(clientId).submit(null, null, clientId).join();
    }

    @Override
    public Collection<SessionState> storedSessions() {
        Map<String, SessionState> states = new LinkedHashMap<>();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
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

    private PublisherWorker publisherFor(String clientId) {
        int hash = clientId == null ? 0 : clientId.hashCode();
        return publishers[Math.floorMod(hash, publishers.length)];
    }

    // --- subscriptions -----------------------------------------------------------------------------

    @Override
    public BackendSubscription subscribeShared(String filter, DeliverySink sink) {
        try {
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            try {
                MessageConsumer consumer = session.createConsumer(destinations.topic(session, filter));
                consumer.setMessageListener(message -> deliver(message, filter, sink, Delivery.Acknowledgement.NONE));
            } catch (JMSException | RuntimeException e) {
                session.close();
                throw e;
            }
            return () -> closeQuietly(session);
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
        return dialect.retained(filter);
    }

    /** Deletes one durable subscription with the messages it holds. */
    void deleteDurable(String clientId, String filter) {
        String name = dialect.durableSubscriptionName(clientId, filter);
        synchronized (this) {
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
        return connection.createSession(false, dialect.durableAcknowledgeMode());
    }

    Destinations destinations() {
        return destinations;
    }

    /** Turns a JMS message into a delivery; messages that cannot be delivered are logged and dropped. */
    static void deliver(Message message, String source, DeliverySink sink, Delivery.Acknowledgement acknowledgement) {
        try {
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
        return available;
    }

    @Override
    public String describe() {
        return dialect.describe();
    }
}
