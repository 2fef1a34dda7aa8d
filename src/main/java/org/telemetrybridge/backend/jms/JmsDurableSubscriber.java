package org.telemetrybridge.backend.jms;

import java.util.HashMap;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;

import org.telemetrybridge.backend.BackendUnavailableException;
import org.telemetrybridge.backend.DeliverySink;
import org.telemetrybridge.backend.DurableSubscriber;

/**
 * The durable subscriptions of one connected persistent session: one JMS session per subscription,
 * in a mode that acknowledges each message on its own once the device has it. Closing a session
 * returns its unacknowledged messages to the subscription, for redelivery.
 */
final class JmsDurableSubscriber implements DurableSubscriber {

    private record Open(Session session, MessageConsumer consumer, MessageListener listener) {
    }

    private final JmsBackend backend;
    private final String clientId;
    private final Map<String, Open> open = new HashMap<>();

    JmsDurableSubscriber(JmsBackend backend, String clientId) {
        this.backend = backend;
        this.clientId = clientId;
    }

    @Override
    public synchronized void subscribe(String filter, DeliverySink sink) {
        if (open.containsKey(filter)) {
            return;
        }
        String name = backend.dialect().durableSubscriptionName(clientId, filter);
        try {
            Session session = backend.createDurableSession();
            try {
                MessageConsumer consumer = session.createSharedDurableConsumer(
                        backend.destinations().topic(session, filter), name);
                MessageListener listener = message -> JmsBackend.deliver(message, filter, sink, () -> {
                    try {
                        message.acknowledge();
                    } catch (JMSException e) {
                        // The session closed first: the message is redelivered to the next subscriber.
                    }
                });
                consumer.setMessageListener(listener);
                open.put(filter, new Open(session, consumer, listener));
            } catch (JMSException | RuntimeException e) {
                JmsBackend.closeQuietly(session);
                throw e;
            }
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot open durable subscription '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void unsubscribe(String filter) {
        Open subscription = open.remove(filter);
        if (subscription != null) {
            JmsBackend.closeQuietly(subscription.session());
        }
        backend.deleteDurable(clientId, filter);
    }

    @Override
    public synchronized void pause() {
        setListeners(false);
    }

    @Override
    public synchronized void resume() {
        setListeners(true);
    }

    private void setListeners(boolean on) {
        for (Open subscription : open.values()) {
            try {
                subscription.consumer().setMessageListener(on ? subscription.listener() : null);
            } catch (JMSException e) {
                throw new BackendUnavailableException("cannot " + (on ? "resume" : "pause") + " delivery to '"
                        + clientId + "'", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(subscription -> JmsBackend.closeQuietly(subscription.session()));
        open.clear();
    }
}
