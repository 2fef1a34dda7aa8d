package org.telemetrybridge.backend.embedded;

import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.UndeliverableReason;
import org.telemetrybridge.backend.jms.DirectPublisher;
import org.telemetrybridge.backend.jms.TransmitDecoder;
import org.telemetrybridge.backend.jms.TransmitSource;

/** The JMS dialect of the embedded ActiveMQ Artemis broker. */
public final class EmbeddedDialect extends ArtemisDialect {

    private final EmbeddedBroker broker;
    private final long maxMessageBytes;

    /**
     * @param transmitDecoders the forms taken from the transmit queue: the wiring gives the IBM MQ form
     *                         too, so that its decoding runs end to end without a queue manager
     * @param maxMessageBytes  the largest body delivered from the transmit queue (bridge.mqtt.max-packet-size);
     *                         a larger one is dead-lettered without being read
     */
    public EmbeddedDialect(EmbeddedBroker broker, List<TransmitDecoder> transmitDecoders, long maxMessageBytes) {
        super(transmitDecoders);
        this.broker = broker;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return broker.connectionFactory();
    }

    @Override
    public List<Delivery> retained(String filter, Connection connection) {
        return broker.retained().matching(filter);
    }

    /** The broker runs in this process: device publications are routed into it directly. */
    @Override
    public DirectPublisher directPublisher(String origin) {
        return new EmbeddedDirectPublisher(broker.server(), origin);
    }

    /** The broker runs in this process: the transmit queue is read from inside it. */
    @Override
    public TransmitSource transmitSource(java.util.function.Consumer<UndeliverableReason> deadLettered)
            throws JMSException {
        return new EmbeddedTransmitSource(broker.server(), maxMessageBytes, deadLettered);
    }

    @Override
    public boolean anyoneElseSubscribes(String topic) {
        return broker.anyoneSubscribes(topic);
    }

    /** Only a journal made by an earlier version has the old held queue; Artemis would create it on first use. */
    @Override
    public boolean legacyHeldQueueExists() {
        return broker.server().locateQueue(MqObjectNames.LEGACY_HELD_QUEUE) != null;
    }

    @Override
    public String reservedTopic(String topicOrFilter) {
        return broker.reservedTopic(topicOrFilter);
    }

    @Override
    public String describe() {
        return "embedded ActiveMQ Artemis (JMS " + (broker.jmsPort() < 0 ? "in-VM only" : broker.jmsUrl()) + ")";
    }
}
