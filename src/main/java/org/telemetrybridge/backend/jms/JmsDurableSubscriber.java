package org.telemetrybridge.backend.jms;

import java.util.HashMap;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import org.telemetrybridge.backend.BackendUnavailableException;
import org.telemetrybridge.backend.DeliverySink;
import org.telemetrybridge.backend.DurableSubscriber;

/**
 * The durable subscriptions of one connected persistent session, one JMS session each. How a
 * message is acknowledged once the device has it depends on the provider: one by one where it can
 * ({@link IndividualAckSubscription}), else a whole session at a time, only when nothing it consumed
 * is still waiting for the device ({@link BatchAckSubscription}). Closing returns unacknowledged
 * messages to the subscription, for redelivery.
 */
final class JmsDurableSubscriber implements DurableSubscriber {

    /** One open durable subscription. */
    interface OpenSubscription {
        void pause();

        void resume();

        /** Stops delivery and closes the JMS session; unacknowledged messages return to the subscription. */
        void close();
    }

    private final JmsBackend backend;
    private final String clientId;
    private final Map<String, OpenSubscription> open = new HashMap<>();
    private boolean paused;

    JmsDurableSubscriber(JmsBackend backend, String clientId) {
        this.backend = backend;
        this.clientId = clientId;
    }

    @Override
    public synchronized void subscribe(String filter, DeliverySink sink) {
        if (open.containsKey(filter)) {
            return;
        }
        JmsDialect dialect = backend.dialect();
        String name = dialect.durableSubscriptionName(clientId, filter);
        try {
            Session session = backend.createDurableSession();
            try {
                Topic topic = backend.destinations().topic(session, filter);
                OpenSubscription subscription = dialect.individualAcknowledge()
                        ? new IndividualAckSubscription(backend, session, topic, name, filter, sink)
                        : new BatchAckSubscription(backend, session, topic, name, filter, sink,
                                dialect.maxUnacknowledged());
                if (paused) {
                    subscription.pause();
                }
                open.put(filter, subscription);
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
        OpenSubscription subscription = open.remove(filter);
        if (subscription != null) {
            subscription.close();
        }
        backend.deleteDurable(clientId, filter);
    }

    @Override
    public synchronized void pause() {
        paused = true;
        open.values().forEach(OpenSubscription::pause);
    }

    @Override
    public synchronized void resume() {
        paused = false;
        open.values().forEach(OpenSubscription::resume);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(OpenSubscription::close);
        open.clear();
    }
}
