package org.telemetrybridge.backend.jms;

import java.util.HashMap;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.DeliverySink;
import org.telemetrybridge.session.port.DurableSubscriber;

/**
 * The durable subscriptions of one connected persistent session, one JMS session each. How a
 * message is acknowledged once the device has it depends on the provider: one by one where it can
 * ({@link AckingSubscription#open}), else a whole session at a time, only when nothing it consumed
 * is still waiting for the device ({@link BatchAckSubscription}). Closing returns unacknowledged
 * messages to the subscription, for redelivery.
 */
final class JmsDurableSubscriber implements DurableSubscriber {

    private final JmsBackend backend;
    private final String clientId;
    private final Map<String, AckingSubscription> open = new HashMap<>();
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
                Topic topic = session.createTopic(filter);
                AckingSubscription subscription = AckingSubscription.open(backend, session, filter,
                        opened -> opened.createSharedDurableConsumer(topic, name),
                        (message, acknowledgement) -> backend.deliver(message, filter, sink, acknowledgement));
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
        AckingSubscription subscription = open.remove(filter);
        if (subscription != null) {
            subscription.close();
        }
        backend.deleteDurable(clientId, filter);
    }

    @Override
    public synchronized void pause() {
        paused = true;
        open.values().forEach(AckingSubscription::pause);
    }

    @Override
    public synchronized void resume() {
        paused = false;
        open.values().forEach(AckingSubscription::resume);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(AckingSubscription::close);
        open.clear();
    }
}
