package org.telemetrybridge.backend.jms;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.backend.MqObjectNames;

/**
 * One thread that sends what the clients publish. It takes all the work waiting at once. QoS 1 and 2
 * publications (and session states) go on a transacted session and are committed together: under
 * load, persistent messages of many clients share one journal write, and each waits for exactly one
 * commit. QoS 0 publications go on a session without a transaction, which costs the backend no commit
 * (they may overtake QoS 1/2 messages of the same client; MQTT orders messages within one QoS). The
 * publications of one client always go to the same worker, so their order is kept.
 *
 * <p>Producers are kept per topic: an anonymous producer costs Artemis a credit round trip per
 * message.
 */
final class PublisherWorker {

    private static final int MAX_BATCH = 512;

    /** A publication and/or a session state to store, and who waits for it. */
    record Work(Publication publication, SessionState state, String deletedClientId, CompletableFuture<Void> done)
            implements BatchingThread.Work {
    }

    private final JmsDialect dialect;
    /** The bridge instance, written on every publication. */
    private final String origin;
    private final Connection connection;
    private final BatchingThread<Work> thread;
    private Session session;
    private Session fastSession;
    private TopicProducers producers;
    private TopicProducers fastProducers;
    private MessageProducer stateProducer;
    private Queue stateQueue;

    PublisherWorker(JmsDialect dialect, Connection connection, String origin, String name) {
        this.dialect = dialect;
        this.origin = origin;
        this.connection = connection;
        this.thread = new BatchingThread<>(name, MAX_BATCH, () -> { }, this::sendAndCommit);
    }

    void start() throws JMSException {
        openSession();
        thread.start();
    }

    CompletableFuture<Void> submit(Publication publication, SessionState state, String deletedClientId) {
        return thread.submit(new Work(publication, state, deletedClientId, new CompletableFuture<>()));
    }

    void stop() {
        thread.stop();
        closeSession();
    }

    /**
     * Sends a batch in one transaction. If that fails, the batch is sent again one work at a time,
     * each in a transaction of its own: one publication the backend refuses (a full queue of one
     * subscriber, say) then fails only its own client, not the others that shared its commit.
     */
    private void sendAndCommit(List<Work> batch) {
        try {
            sendInOneTransaction(batch);
        } catch (JMSException | RuntimeException e) {
            closeSession();
            if (batch.size() == 1) {
                fail(batch.get(0), e);
                return;
            }
            for (Work work : batch) {
                if (work.done.isDone()) {
                    continue; // a QoS 0 publication sent before the failure
                }
                try {
                    sendInOneTransaction(List.of(work));
                } catch (JMSException | RuntimeException alone) {
                    closeSession();
                    fail(work, alone);
                }
            }
        }
    }

    private void sendInOneTransaction(List<Work> batch) throws JMSException {
        boolean transacted = false;
        if (session == null) {
            openSession();
        }
        for (Work work : batch) {
            if (work.publication != null && !work.publication.persistent() && work.state == null) {
                send(fastSession, fastProducers, work.publication);
                work.done.complete(null);
                continue;
            }
            transacted = true;
            if (work.publication != null) {
                send(session, producers, work.publication);
            }
            if (work.state != null) {
                storeState(work.state);
            }
            if (work.deletedClientId != null) {
                deleteState(work.deletedClientId);
            }
        }
        if (transacted) {
            session.commit();
        }
        batch.forEach(work -> work.done.complete(null));
    }

    private static void fail(Work work, Exception cause) {
        work.done.completeExceptionally(new BackendUnavailableException(
                "the backend did not take the message: " + cause.getMessage(), cause));
    }

    private void send(Session on, TopicProducers topicProducers, Publication publication) throws JMSException {
        Message message = dialect.publicationMessage(on, publication, origin);
        if (publication.retain()) {
            dialect.markRetained(message);
        }
        topicProducers.forTopic(publication.topic()).send(message, MessageMapping.deliveryMode(publication),
                Message.DEFAULT_PRIORITY, MessageMapping.timeToLive(publication));
    }

    private void storeState(SessionState state) throws JMSException {
        removeOlderStates(state.clientId());
        Message message = SessionStateCodec.encode(session, state);
        dialect.markLastValue(message, state.clientId());
        stateProducer.send(message);
    }

    private void deleteState(String clientId) throws JMSException {
        if (!dialect.lastValueQueues()) {
            // Removing the stored state is the deletion; a tombstone would stay on the queue for ever.
            removeOlderStates(clientId);
            return;
        }
        Message message = SessionStateCodec.tombstone(session, clientId);
        dialect.markLastValue(message, clientId);
        stateProducer.send(message);
    }

    /**
     * Without last-value queues, takes the client's earlier state messages off the queue in the
     * transaction that stores the new one, so the queue holds one message per persistent session.
     */
    private void removeOlderStates(String clientId) throws JMSException {
        if (dialect.lastValueQueues()) {
            return;
        }
        try (MessageConsumer older = session.createConsumer(stateQueue, SessionStateCodec.selector(clientId))) {
            while (older.receiveNoWait() != null) {
                // Consumed in this transaction: gone once it commits with the new state.
            }
        }
    }

    private void openSession() throws JMSException {
        session = connection.createSession(true, Session.SESSION_TRANSACTED);
        fastSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producers = new TopicProducers(session, dialect::maxHandles, topicsOn(session));
        fastProducers = new TopicProducers(fastSession, dialect::maxHandles, topicsOn(fastSession));
        stateQueue = session.createQueue(MqObjectNames.SESSION_STATE_QUEUE);
        stateProducer = session.createProducer(stateQueue);
    }

    private TopicProducers.Topics topicsOn(Session on) {
        return name -> dialect.publicationTopic(on, name);
    }

    private void closeSession() {
        for (Session closing : new Session[] {session, fastSession}) {
            if (closing != null) {
                try {
                    closing.close();
                } catch (JMSException | RuntimeException ignored) {
                    // Already broken; the next batch opens a new session.
                }
            }
        }
        session = null;
        fastSession = null;
    }
}
