package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.telemetrybridge.backend.Delivery;

/**
 * A consumer whose messages leave the provider only once the device has them: a durable
 * subscription of a persistent session, or the held messages of one client. How a message is
 * acknowledged on its own depends on the provider, so there are two kinds: {@link
 * IndividualAckSubscription} (Artemis) and {@link BatchAckSubscription} (IBM MQ).
 */
interface AckingSubscription {

    /** Opens the consumer on its session; called again after a batch acknowledgement closed it. */
    @FunctionalInterface
    interface ConsumerOpener {
        MessageConsumer open(Session session) throws JMSException;
    }

    /** Hands a consumed message on, with what acknowledges it. */
    @FunctionalInterface
    interface MessageHandler {
        void handle(Message message, Delivery.Acknowledgement acknowledgement);
    }

    /** Opens the kind of subscription the backend's provider needs, on a session of its own. */
    static AckingSubscription open(JmsBackend backend, Session session, String source, ConsumerOpener opener,
                                   MessageHandler handler) throws JMSException {
        JmsDialect dialect = backend.dialect();
        return dialect.individualAcknowledge()
                ? new IndividualAckSubscription(session, opener, handler)
                : new BatchAckSubscription(backend, session, source, opener, handler, dialect.maxUnacknowledged());
    }

    void pause();

    void resume();

    /** Stops consuming; what the device has not acknowledged returns to the provider. */
    void close();
}
