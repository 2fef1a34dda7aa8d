package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

/**
 * The transmit queue read through a JMS consumer. With a transacted session (store-and-forward, IBM
 * MQ) a message is removed by committing the session, which holds its held or dead-letter copy too.
 */
final class JmsConsumerSource implements TransmitSource {

    private final JmsDialect dialect;
    private final Session session;
    private final MessageConsumer consumer;

    JmsConsumerSource(JmsDialect dialect, Session session) throws JMSException {
        this.dialect = dialect;
        this.session = session;
        try {
            this.consumer = session.createConsumer(dialect.transmitQueue(session));
        } catch (JMSException | RuntimeException e) {
            JmsBackend.closeQuietly(session);
            throw e;
        }
    }

    @Override
    public Message receive(long timeoutMillis) throws JMSException {
        return timeoutMillis == 0 ? consumer.receiveNoWait() : consumer.receive(timeoutMillis);
    }

    @Override
    public void acknowledgeLater(Message message) throws JMSException {
        dialect.acknowledgeLater(message);
    }

    @Override
    public void commitAcknowledgements() throws JMSException {
        dialect.commitAcknowledgements(ConnectionCount.unwrapped(session));
    }

    @Override
    public void remove(Message message) throws JMSException {
        if (session.getTransacted()) {
            session.commit();
        } else {
            message.acknowledge();
        }
    }

    @Override
    public void close() {
        JmsBackend.closeQuietly(session);
    }
}
