package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;

import org.telemetrybridge.backend.BackendUnavailableException;

/**
 * A subscription on a provider that acknowledges one message on its own (Artemis'
 * INDIVIDUAL_ACKNOWLEDGE): each message is acknowledged as soon as the device has it.
 */
final class IndividualAckSubscription implements AckingSubscription {

    private final Session session;
    private final MessageConsumer consumer;
    private final MessageListener listener;

    IndividualAckSubscription(Session session, ConsumerOpener opener, MessageHandler handler) throws JMSException {
        this.session = session;
        this.consumer = opener.open(session);
        this.listener = message -> handler.handle(message, () -> {
            try {
                message.acknowledge();
            } catch (JMSException e) {
                // The session closed first: the message is redelivered to the next subscriber.
            }
        });
        consumer.setMessageListener(listener);
    }

    @Override
    public void pause() {
        setListener(null);
    }

    @Override
    public void resume() {
        setListener(listener);
    }

    private void setListener(MessageListener value) {
        try {
            consumer.setMessageListener(value);
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot " + (value == null ? "pause" : "resume")
                    + " a subscription", e);
        }
    }

    @Override
    public void close() {
        JmsBackend.closeQuietly(session);
    }
}
