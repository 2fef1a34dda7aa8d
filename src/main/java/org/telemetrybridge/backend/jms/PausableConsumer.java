package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;

import org.telemetrybridge.session.port.BackendUnavailableException;

/**
 * A consumer on a session of its own (or on one of the few shared ones), whose listener can be taken away: pausing it leaves messages
 * in the backend's subscription queue instead of the bridge's memory while a device catches up.
 * Behind each shared subscription and each individually acknowledged one.
 */
final class PausableConsumer implements AckingSubscription {

    private final MessageConsumer consumer;
    private final MessageListener listener;
    /** Closes what the consumer holds: its own session, or the consumer alone on a shared session. */
    private final Runnable closer;

    PausableConsumer(Session session, MessageConsumer consumer, MessageListener listener) throws JMSException {
        this(consumer, listener, () -> JmsBackend.closeQuietly(session));
    }

    /** A consumer on a session it shares with others ({@link SharedSubscriptionSessions}). */
    PausableConsumer(MessageConsumer consumer, MessageListener listener, Runnable closer) throws JMSException {
        this.consumer = consumer;
        this.listener = listener;
        this.closer = closer;
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
        closer.run();
    }
}
