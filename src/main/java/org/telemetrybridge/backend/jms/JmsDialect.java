package org.telemetrybridge.backend.jms;

import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.UndeliverableReason;

/**
 * Where JMS providers differ. The shared adapter ({@link JmsBackend}) does everything through
 * standard Jakarta Messaging and asks the dialect only for these provider-specific parts.
 */
public interface JmsDialect {

    /** The factory of connections to the queue manager (or the embedded stand-in). */
    ConnectionFactory connectionFactory();

    /**
     * The session mode of the transmit-queue drain and of held-message consumers. With {@link #individualAcknowledge()} it lets one
     * message be acknowledged on its own; otherwise it is CLIENT_ACKNOWLEDGE, where one acknowledge
     * covers everything the session consumed.
     */
    int durableAcknowledgeMode();

    /**
     * Whether {@link #durableAcknowledgeMode()} acknowledges a single message (Artemis'
     * INDIVIDUAL_ACKNOWLEDGE). If not (IBM MQ), the transmit queue runs store-and-forward and a held
     * consumer's session is acknowledged only once the device has acknowledged every message it consumed
     * ({@link BatchAckSubscription}).
     */
    default boolean individualAcknowledge() {
        return true;
    }

    /**
     * With {@link #individualAcknowledge()}: acknowledges one message of a {@link #durableAcknowledgeMode()}
     * session, to take effect at the session's next {@link #commitAcknowledgements}. A provider whose
     * acknowledge takes effect at once (the default) needs no commit; Artemis' INDIVIDUAL_ACKNOWLEDGE
     * commits a transaction per acknowledge, one journal record and sync each, which its dialect
     * spares by committing many together.
     */
    default void acknowledgeLater(Message message) throws JMSException {
        message.acknowledge();
    }

    /**
     * Makes the acknowledgements {@link #acknowledgeLater} gave on this session since the last call take
     * effect. The session is the provider's own, not the adapter's counting wrapper.
     */
    default void commitAcknowledgements(Session session) throws JMSException {
    }

    /**
     * Without individual acknowledgement: the most messages one held consumer holds consumed
     * but unacknowledged before its delivery pauses. On IBM MQ they are one unit of work, which the
     * queue manager's MAXUMSGS caps.
     */
    default int maxUnacknowledged() {
        return Integer.MAX_VALUE;
    }

    /**
     * The most objects (producers, consumers) one JMS session may hold open at once: IBM MQ's MAXHANDS,
     * which counts per connection handle, and MQ classes for JMS give each session one. Read at each
     * new topic producer, so a dialect that learns its limit after connecting may change it.
     * The embedded stand-in has no such limit; its figure keeps the bridge's own cap of producers.
     */
    default int maxHandles() {
        return TopicProducers.MAX_PRODUCERS + TopicProducers.OTHER_HANDLES;
    }

    /**
     * The name earlier versions gave a persistent session's JMS durable subscription, within the
     * provider's limits: such subscriptions are still deleted with their session (a data directory or
     * queue manager upgraded from those versions). Today's subscriptions are {@code DeviceSubscriptions}.
     */
    String durableSubscriptionName(String clientId, String filter);

    /** Marks an outgoing publication as retained. */
    void markRetained(Message message) throws JMSException;

    /** Marks a message on a last-value queue with its key, so the queue keeps only the newest per key. */
    void markLastValue(Message message, String key) throws JMSException;

    /**
     * Whether the provider keeps only the newest message per {@link #markLastValue} key. If not (IBM
     * MQ has no last-value queues), the bridge removes a client's older state message itself, in the
     * transaction that stores the new one.
     */
    default boolean lastValueQueues() {
        return true;
    }

    /** The retained publications whose topics match the filter; the connection is the bridge's own. */
    List<Delivery> retained(String filter, Connection connection) throws JMSException;

    /**
     * Whether a message a subscription received is a retained publication the provider replays to a
     * new subscription (IBM MQ does, Artemis does not). The bridge skips those: a device gets retained
     * publications once, from {@link #retained}, whether or not its subscription was new in the provider.
     */
    default boolean isRetainedReplay(Message message) throws JMSException {
        return false;
    }

    /**
     * Why a connection attempt or a connection failed, for one log line without a stack trace: on
     * IBM MQ the reason code, its name and what it usually means.
     */
    default String failureReason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == failure ? failure.toString() : failure + " (" + cause + ")";
    }

    /** See {@link org.telemetrybridge.session.port.Backend#reservedTopic(String)}; none by default. */
    default String reservedTopic(String topicOrFilter) {
        return null;
    }

    /** Provider and address, for logs and health. */
    String describe();

    /**
     * Whether anyone but this bridge's clean sessions (which it serves itself) subscribes to the
     * topic: JMS applications, durable subscriptions. Only a provider that can tell for certain may
     * answer false; a publication no one else wants then skips the provider.
     */
    default boolean anyoneElseSubscribes(String topic) {
        return true;
    }

    /**
     * A publisher that bypasses the JMS client, for a provider in the bridge's own process; null
     * (the default) publishes through JMS.
     *
     * @param origin the bridge instance, to be carried as {@link MessageMapping#ORIGIN}
     */
    default DirectPublisher directPublisher(String origin) {
        return null;
    }

    // --- the form of a device publication (IBM MQ: ibm.mq.publication-form) ---------------------------

    /** A device publication as the message to send; by default {@link MessageMapping#toMessage}. */
    default Message publicationMessage(Session session, Publication publication, String origin) throws JMSException {
        return MessageMapping.toMessage(session, publication, origin);
    }

    /** The topic a device publication is sent to. */
    default Topic publicationTopic(Session session, String topic) throws JMSException {
        return session.createTopic(topic);
    }

    /**
     * A consumer of a shared subscription that leaves out this bridge's own publications (its clean
     * sessions get those from the core); by default by the {@link MessageMapping#ORIGIN} property.
     */
    default MessageConsumer sharedConsumer(Session session, Topic topic, String origin) throws JMSException {
        return session.createConsumer(topic, MessageMapping.notFrom(origin));
    }

    /**
     * With {@link #individualAcknowledge()}: a new source of transmit-queue messages that bypasses the
     * JMS client, for a provider in the bridge's own process; null (the default) reads the queue with a
     * JMS consumer. Such a source moves a message too large to deliver to the dead-letter queue itself,
     * without reading it, and counts it in {@code deadLettered}.
     */
    default TransmitSource transmitSource(java.util.function.Consumer<UndeliverableReason> deadLettered)
            throws JMSException {
        return null;
    }

    /** The decoders of transmit-queue messages this provider may carry, tried in order. */
    default List<TransmitDecoder> transmitDecoders() {
        return List.of(new PropertyFormDecoder());
    }

    /** The queue that takes what cannot be delivered; null if the provider has none (IBM MQ: DEADQ blank). */
    default String deadLetterQueue() {
        return MqObjectNames.DEAD_LETTER_QUEUE;
    }

    /** SYSTEM.MQTT.TRANSMIT.QUEUE as a destination to consume from. */
    default Queue transmitQueue(Session session) throws JMSException {
        return session.createQueue(MqObjectNames.TRANSMIT_QUEUE);
    }

    /** The dead-letter queue as a destination to put to. */
    default Queue deadLetterQueue(Session session) throws JMSException {
        return session.createQueue(deadLetterQueue());
    }

    /** The message to put on the dead-letter queue in place of an undeliverable one. */
    default Message deadLetter(Session session, Message original, UndeliverableReason reason, String clientId)
            throws JMSException {
        return DeadLetterCopy.of(session, original, reason, clientId);
    }

    /**
     * What becomes of an undeliverable message.
     *
     * @param deadLetter what to put on {@link #deadLetterQueue()}, or null: the sender asked for the
     *                   message to be discarded (IBM MQ's MQRO_DISCARD_MSG)
     * @param reportTo   where the report goes, or null for no report
     * @param report     a report for the sender (IBM MQ's exception report), or null
     */
    record Undeliverable(Message deadLetter, Destination reportTo, Message report) {
    }

    /** Decides what becomes of an undeliverable message; by default it is dead-lettered, with no report. */
    default Undeliverable undeliverable(Session session, Message original, UndeliverableReason reason,
                                        String clientId) throws JMSException {
        return new Undeliverable(deadLetter(session, original, reason, clientId), null, null);
    }

    /**
     * Whether the held queue of earlier versions ({@link MqObjectNames#LEGACY_HELD_QUEUE}) may exist, so
     * that its messages are moved to the held queue at connect. On IBM MQ it may (a missing queue
     * answers MQRC 2085 and nothing is moved); a provider that creates queues on first use must say
     * for certain, or it would create the old queue.
     */
    default boolean legacyHeldQueueExists() {
        return true;
    }

    /**
     * Keeps on a held copy what dead-lettering it later needs of the original (on IBM MQ the sender's
     * message descriptor: its context and report options). Nothing by default.
     */
    default void keepContext(Message original, Message heldCopy) throws JMSException {
    }

    /**
     * The lock queue of active/standby ({@link MqObjectNames#ACTIVE_LOCK_QUEUE}), as a destination to
     * open for exclusive input: a second consumer must be refused. On IBM MQ the queue's NOSHARE makes
     * every input open exclusive (a second MQOPEN gets MQRC 2042), as MQ classes for JMS cannot ask for
     * an exclusive open themselves.
     */
    default Queue activeLockQueue(Session session) throws JMSException {
        return session.createQueue(MqObjectNames.ACTIVE_LOCK_QUEUE);
    }

    /**
     * Whether opening the lock queue failed because another bridge holds it (the normal standby), as
     * opposed to a queue that is missing or not authorised, which an operator must fix.
     */
    default boolean lockHeldElsewhere(Throwable failure) {
        return false;
    }
}
