package org.telemetrybridge.support;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
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

    /**
     * Sends bytes to one device through SYSTEM.MQTT.TRANSMIT.QUEUE in the property form: RemoteQMgrName
     * the client id, RemoteQName the topic.
     */
    public void sendToDevice(String clientId, String topic, byte[] payload, boolean persistent) throws JMSException {
        MessageProducer producer = session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"));
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(payload);
        message.setStringProperty("RemoteQMgrName", clientId);
        message.setStringProperty("RemoteQName", topic);
        producer.send(message, persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT, 4, 0);
        producer.close();
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
