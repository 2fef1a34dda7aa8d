package org.telemetrybridge.bench.load;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.telemetrybridge.bench.measure.Deliveries;

/**
 * The JMS side of a run (Artemis' Jakarta JMS client): consumers that record what they receive and
 * producers that send the load generator's messages. Each has a connection of its own; all are
 * closed together.
 */
public final class JmsClients implements AutoCloseable {

    /** Sets what a JMS message carries besides its body, per sequence number (e.g. the target client). */
    @FunctionalInterface
    public interface Decoration {
        void apply(Message message, long sequence) throws JMSException;
    }

    private final ActiveMQConnectionFactory factory;
    private final List<Connection> connections = new ArrayList<>();

    public JmsClients(Target target) {
        this.factory = new ActiveMQConnectionFactory(target.jmsUrl());
        if (target.jmsUser() != null) {
            factory.setUser(target.jmsUser());
            factory.setPassword(target.jmsPassword());
        }
    }

    /** A consumer of a topic (wildcards allowed) whose messages go to {@code receiver}. */
    public void consumeTopic(String topic, Deliveries.Receiver receiver) throws JMSException {
        Connection connection = open();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createTopic(topic)).setMessageListener(message -> {
            try {
                receiver.record(ByteBuffer.wrap(body(message)));
            } catch (JMSException e) {
                System.err.println("bench: unreadable JMS message: " + e);
            }
        });
        connection.start();
    }

    /**
     * A producer. QoS 0 sends non-persistent messages, QoS 1 and 2 persistent ones (which the bridge
     * delivers at QoS 1 and Artemis' client sends synchronously).
     */
    public Publisher producer(int qos, int deliveriesPerMessage, LongFunction<String> destination,
                              boolean queue, Decoration decoration) throws JMSException {
        Connection connection = open();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        int deliveryMode = qos == 0 ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT;
        return new JmsPublisher(session, deliveryMode, deliveriesPerMessage, destination, queue, decoration);
    }

    /** Creates the producer's per-destination producers now rather than on first send, within the time given. */
    public void prepare(Publisher producer, List<String> destinations, int timeoutSeconds) throws JMSException {
        JmsPublisher publisher = (JmsPublisher) producer;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (String destination : destinations) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("JMS producers not set up within " + timeoutSeconds + " s");
            }
            publisher.producer(destination);
        }
    }

    /**
     * Sends through one producer per destination, created on first use. Not one anonymous producer:
     * Artemis' client asks the server for send credits on every message of an anonymous producer,
     * which would make the broker, not the MQTT side, the thing measured.
     */
    private static final class JmsPublisher implements Publisher {
        private final Session session;
        private final int deliveryMode;
        private final int deliveriesPerMessage;
        private final LongFunction<String> destination;
        private final boolean queue;
        private final Decoration decoration;
        private final Map<String, MessageProducer> producers = new HashMap<>();

        JmsPublisher(Session session, int deliveryMode, int deliveriesPerMessage, LongFunction<String> destination,
                     boolean queue, Decoration decoration) {
            this.session = session;
            this.deliveryMode = deliveryMode;
            this.deliveriesPerMessage = deliveriesPerMessage;
            this.destination = destination;
            this.queue = queue;
            this.decoration = decoration;
        }

        @Override
        public int deliveriesPerMessage() {
            return deliveriesPerMessage;
        }

        @Override
        public void publish(long sequence, byte[] payload, Consumer<Throwable> onFailure) throws JMSException {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(payload);
            decoration.apply(message, sequence);
            try {
                producer(destination.apply(sequence)).send(message);
            } catch (JMSException e) {
                onFailure.accept(e);
            }
        }

        private MessageProducer producer(String name) throws JMSException {
            MessageProducer producer = producers.get(name);
            if (producer == null) {
                Destination to = queue ? session.createQueue(name) : session.createTopic(name);
                producer = session.createProducer(to);
                producer.setDeliveryMode(deliveryMode);
                producer.setDisableMessageID(true);
                producer.setDisableMessageTimestamp(true);
                producers.put(name, producer);
            }
            return producer;
        }

        @Override
        public boolean blocking() {
            return true;
        }
    }

    private static byte[] body(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return body;
        }
        return message.getBody(byte[].class);
    }

    private Connection open() throws JMSException {
        Connection connection = factory.createConnection();
        synchronized (connections) {
            connections.add(connection);
        }
        return connection;
    }

    @Override
    public void close() {
        synchronized (connections) {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (JMSException e) {
                    System.err.println("bench: JMS connection did not close: " + e);
                }
            }
            connections.clear();
        }
        factory.close();
    }
}
