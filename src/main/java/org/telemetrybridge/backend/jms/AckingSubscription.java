package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.Delivery;

/**
 * A consumer whose messages leave the provider only once the device has them: a durable
 * subscription of a persistent session, or the held messages of one client. How a message is
 * acknowledged on its own depends on the provider, so there are two kinds: a {@link
 * PausableConsumer} that acknowledges each message (Artemis' INDIVIDUAL_ACKNOWLEDGE) and a {@link
 * BatchAckSubscription} (IBM MQ).
 */
interface AckingSubscription extends BackendSubscription {

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
                ? new PausableConsumer(session, opener.open(session), message -> handler.handle(message, () -> {
                    // A device's acknowledgement comes on its network thread, a skipped message's on
                    // the provider's delivery thread: one at a time, as the session is single-threaded.
                    synchronized (session) {
                        try {
                            message.acknowledge();
                        } catch (JMSException e) {
                            // The session closed first: the message is redelivered to the next subscriber.
                        }
                    }
                }))
                : new BatchAckSubscription(backend, session, source, opener, handler, dialect.maxUnacknowledged());
    }
}
