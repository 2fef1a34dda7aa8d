package org.telemetrybridge.support;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A JMS application connected to the embedded broker over TCP with Artemis' Jakarta JMS client. */
public final class JmsClient implements AutoCloseable {

    private final Connection connection;
    private final Session session;

    public JmsClient(String url) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        connection = factory.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    public Session session() {
        return session;
    }

    /** A transacted session of its own on the same connection. */
    public Session transactedSession() throws JMSException {
        return connection.createSession(true, Session.SESSION_TRANSACTED);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
