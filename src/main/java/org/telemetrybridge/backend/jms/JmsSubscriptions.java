package org.telemetrybridge.backend.jms;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.DeliverySink;

/**
 * Makes the backend subscriptions: shared ones for clean sessions, JMS sessions for durable ones,
 * retained reads, and deleting a durable subscription. Each subscription gets a JMS session of its
 * own, since a JMS session with a message listener may not be used for anything else; deletes go
 * through the link's admin session, one at a time.
 */
final class JmsSubscriptions {

    private final BackendConnection connection;
    private final JmsDialect dialect;
    private final String origin;
    private final ExecutorService acknowledger = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("tb-backend-ack-", 1).daemon().factory());

    JmsSubscriptions(BackendConnection connection, JmsDialect dialect, String origin) {
        this.connection = connection;
        this.dialect = dialect;
        this.origin = origin;
    }

    void stop() {
        acknowledger.shutdownNow();
    }

    BackendSubscription subscribeShared(String filter, DeliverySink sink) {
        try {
            Session session = connection.required().connection().createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            try {
                MessageConsumer consumer = dialect.sharedConsumer(session, session.createTopic(filter), origin);
                return new PausableConsumer(session, consumer,
                        message -> deliver(message, filter, sink, Delivery.Acknowledgement.NONE));
            } catch (JMSException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot subscribe to '" + filter + "': " + e.getMessage(), e);
        }
    }

    /**
     * One member's consumer of an MQTT {@code $share} group, on a JMS session of its own whose
     * messages are acknowledged one by one as the device acknowledges them (on IBM MQ in batches,
     * {@link BatchAckSubscription}). Closing it gives what the device did not acknowledge back to the
     * shared subscription, for another consumer.
     */
    BackendSubscription joinGroup(JmsBackend backend, String name, String filter, boolean durable, DeliverySink sink) {
        try {
            Session session = createDurableSession();
            try {
                return AckingSubscription.open(backend, session, name, opened -> {
                    jakarta.jms.Topic topic = opened.createTopic(filter);
                    return durable ? opened.createSharedDurableConsumer(topic, name)
                            : opened.createSharedConsumer(topic, name);
                }, (message, acknowledgement) -> deliver(message, name, sink, acknowledgement));
            } catch (JMSException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot join shared subscription '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    /** Deletes a durable shared subscription; false while a consumer is still on it. */
    boolean deleteGroup(String name) {
        Session adminSession = connection.required().adminSession();
        synchronized (adminSession) {
            try {
                adminSession.unsubscribe(name);
                return true;
            } catch (InvalidDestinationException e) {
                return true; // never made, or already gone
            } catch (jakarta.jms.IllegalStateException e) {
                return false; // "an active consumer": JMS refuses to delete a subscription in use
            } catch (JMSException e) {
                throw new BackendUnavailableException("cannot delete shared subscription '" + name + "'", e);
            }
        }
    }

    List<Delivery> retained(String filter) {
        try {
            return dialect.retained(filter, connection.required().connection());
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot read the retained publications of '" + filter + "': "
                    + e.getMessage(), e);
        }
    }

    /** Deletes one durable subscription with the messages it holds. */
    void deleteDurable(String clientId, String filter) {
        String name = dialect.durableSubscriptionName(clientId, filter);
        Session adminSession = connection.required().adminSession();
        synchronized (adminSession) {
            try {
                adminSession.unsubscribe(name);
            } catch (InvalidDestinationException e) {
                // Never created, or already gone.
            } catch (JMSException e) {
                throw new BackendUnavailableException("cannot delete durable subscription '" + name + "'", e);
            }
        }
    }

    Session createDurableSession() throws JMSException {
        return connection.required().connection().createSession(false, dialect.durableAcknowledgeMode());
    }

    /** Where durable subscriptions do their blocking acknowledgement work, off the network threads. */
    ExecutorService acknowledger() {
        return acknowledger;
    }

    /**
     * Turns a JMS message into a delivery; messages that cannot be delivered, messages sent to a
     * queue, and retained publications the provider replays to a new subscription (the core sends
     * those itself), are acknowledged and skipped.
     */
    void deliver(Message message, String source, DeliverySink sink, Delivery.Acknowledgement acknowledgement) {
        try {
            // A wildcard subscription on the embedded broker also matches the addresses of queues
            // (the bridge's own state and held queues, a JMS application's queues): those messages
            // are not MQTT publications and never reach a device.
            if (dialect.isRetainedReplay(message) || !(message.getJMSDestination() instanceof jakarta.jms.Topic)) {
                acknowledgement.acknowledge();
                return;
            }
            byte[] payload = MessageMapping.payload(message);
            if (payload == null) {
                BridgeLog.unsupportedMessageType(source, message.getClass().getSimpleName());
                acknowledgement.acknowledge();
                return;
            }
            String topic = ((jakarta.jms.Topic) message.getJMSDestination()).getTopicName();
            sink.deliver(new Delivery(topic, payload, MessageMapping.qos(message), false, message.getJMSMessageID(),
                    message.getJMSRedelivered(), acknowledgement, MessageMapping.properties(message),
                    message.getStringProperty(MessageMapping.CLIENT_ID), MessageMapping.publishedRetained(message),
                    null, java.util.List.of()));
        } catch (JMSException | RuntimeException e) {
            BridgeLog.backendDeliveryFailed(source, e);
        }
    }
}
