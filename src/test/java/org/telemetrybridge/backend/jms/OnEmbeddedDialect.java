package org.telemetrybridge.backend.jms;

import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.backend.embedded.EmbeddedDialect;

/**
 * A test dialect that runs on the embedded broker: everything a dialect must say is the embedded
 * dialect's, so that each test dialect writes only where it differs.
 */
public interface OnEmbeddedDialect extends JmsDialect {

    EmbeddedDialect embedded();

    @Override
    default ConnectionFactory connectionFactory() {
        return embedded().connectionFactory();
    }

    @Override
    default int durableAcknowledgeMode() {
        return embedded().durableAcknowledgeMode();
    }

    @Override
    default void acknowledgeLater(Message message) throws JMSException {
        embedded().acknowledgeLater(message);
    }

    @Override
    default void commitAcknowledgements(jakarta.jms.Session session) throws JMSException {
        embedded().commitAcknowledgements(session);
    }

    @Override
    default String durableSubscriptionName(String clientId, String filter) {
        return embedded().durableSubscriptionName(clientId, filter);
    }

    @Override
    default void markRetained(Message message) throws JMSException {
        embedded().markRetained(message);
    }

    @Override
    default void markLastValue(Message message, String key) throws JMSException {
        embedded().markLastValue(message, key);
    }

    @Override
    default List<Delivery> retained(String filter, Connection connection) throws JMSException {
        return embedded().retained(filter, connection);
    }

    @Override
    default boolean legacyHeldQueueExists() {
        return embedded().legacyHeldQueueExists();
    }

    @Override
    default List<TransmitDecoder> transmitDecoders() {
        return embedded().transmitDecoders();
    }

    /**
     * A test dialect on the embedded broker that also publishes as the embedded dialect does: straight
     * into the broker, and not at all where only this bridge's clean sessions subscribe. (An IBM
     * MQ-like dialect must not: it stands for a provider reached over JMS only.)
     */
    interface Direct extends OnEmbeddedDialect {

        @Override
        default DirectPublisher directPublisher(String origin) {
            return embedded().directPublisher(origin);
        }

        @Override
        default boolean anyoneElseSubscribes(String topic) {
            return embedded().anyoneElseSubscribes(topic);
        }
    }
}
