package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;

import org.telemetrybridge.session.port.BackendUnavailableException;

/**
 * A consumer on a session of its own, whose listener can be taken away: pausing it leaves messages
 * in the backend's subscription queue instead of the bridge's memory while a device catches up.
 * Behind each shared subscription and each individually acknowledged one.
 */
final class PausableConsumer implements AckingSubscription {

    private final Session session;
    private final MessageConsumer consumer;
    private final MessageListener listener;

    PausableConsumer(Session session, MessageConsumer consumer, MessageListener listener) throws JMSException {
        this.session = session;
        this.consumer = consumer;
        this.listener = listener;
        consumer.setMessageListener(listener);
    }

    @Override
    public synchronized void pause() {
        setListener(null);
    }

    @Override
    public synchronized void resume() {
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
