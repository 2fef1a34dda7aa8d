package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import org.telemetrybridge.backend.BackendUnavailableException;
import org.telemetrybridge.backend.DeliverySink;

/**
 * A durable subscription on a provider that acknowledges one message on its own (Artemis'
 * INDIVIDUAL_ACKNOWLEDGE): each message is acknowledged as soon as the device has it.
 */
final class IndividualAckSubscription implements JmsDurableSubscriber.OpenSubscription {

    private final Session session;
    private final MessageConsumer consumer;
    private final MessageListener listener;

    IndividualAckSubscription(JmsBackend backend, Session session, Topic topic, String name, String filter,
                              DeliverySink sink) throws JMSException {
        this.session = session;
        this.consumer = session.createSharedDurableConsumer(topic, name);
        this.listener = message -> backend.deliver(message, filter, sink, () -> {
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
                    + " a durable subscription", e);
        }
    }

    @Override
    public void close() {
        JmsBackend.closeQuietly(session);
    }
}
