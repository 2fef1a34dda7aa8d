package org.telemetrybridge.backend.jms;

import java.util.List;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;

import org.telemetrybridge.backend.Delivery;
import org.telemetrybridge.backend.UndeliverableReason;

/**
 * Where JMS providers differ. The shared adapter ({@link JmsBackend}) does everything through
 * standard Jakarta Messaging and asks the dialect only for these provider-specific parts.
 */
public interface JmsDialect {

    /** The factory of connections to the queue manager (or the embedded stand-in). */
    ConnectionFactory connectionFactory();

    /**
     * The session mode for durable subscriptions: it must let one message be acknowledged on its
     * own, after the device acknowledged it.
     */
    int durableAcknowledgeMode();

    /** The durable subscription name of a persistent session's subscription, within the provider's limits. */
    String durableSubscriptionName(String clientId, String filter);

    /** Marks an outgoing publication as retained. */
    void markRetained(Message message) throws JMSException;

    /** Marks a message on a last-value queue with its key, so the queue keeps only the newest per key. */
    void markLastValue(Message message, String key) throws JMSException;

    /** The retained publications whose topics match the filter. */
    List<Delivery> retained(String filter);

    /** Provider and address, for logs and health. */
    String describe();

    /** The decoders of transmit-queue messages this provider may carry, tried in order. */
    default List<TransmitDecoder> transmitDecoders() {
        return List.of(new EmbeddedFormDecoder());
    }

    /** The queue that takes what cannot be delivered. */
    default String deadLetterQueue() {
        return "SYSTEM.DEAD.LETTER.QUEUE";
    }

    /** The message to put on the dead-letter queue in place of an undeliverable one. */
    default Message deadLetter(Session session, Message original, UndeliverableReason reason, String clientId)
            throws JMSException {
        return DeadLetterCopy.of(session, original, reason, clientId);
    }
}
