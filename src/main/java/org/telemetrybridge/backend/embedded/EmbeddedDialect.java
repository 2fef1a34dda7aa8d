package org.telemetrybridge.backend.embedded;

import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

import org.apache.activemq.artemis.api.jms.ActiveMQJMSConstants;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.backend.jms.DirectPublisher;
import org.telemetrybridge.backend.jms.JmsDialect;
import org.telemetrybridge.backend.jms.TransmitDecoder;

/** The JMS dialect of the embedded ActiveMQ Artemis broker. */
public final class EmbeddedDialect implements JmsDialect {

    /** Artemis' own last-value key property. */
    static final String LAST_VALUE_PROPERTY = "_AMQ_LVQ_NAME";

    private final EmbeddedBroker broker;
    private final List<TransmitDecoder> transmitDecoders;

    /**
     * @param transmitDecoders the forms taken from the transmit queue: the wiring gives the IBM MQ form
     *                         too, so that its decoding runs end to end without a queue manager
     */
    public EmbeddedDialect(EmbeddedBroker broker, List<TransmitDecoder> transmitDecoders) {
        this.broker = broker;
        this.transmitDecoders = List.copyOf(transmitDecoders);
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return broker.connectionFactory();
    }

    @Override
    public int durableAcknowledgeMode() {
        return ActiveMQJMSConstants.INDIVIDUAL_ACKNOWLEDGE;
    }

    /** MQ Telemetry's scheme: {@code ClientIdentifier:TopicFilter}. Artemis has no length limit to respect. */
    @Override
    public String durableSubscriptionName(String clientId, String filter) {
        return clientId + ":" + filter;
    }

    @Override
    public void markRetained(Message message) throws JMSException {
        message.setIntProperty(RetainedPublications.RETAIN_PROPERTY, 1);
    }

    @Override
    public void markLastValue(Message message, String key) throws JMSException {
        message.setStringProperty(LAST_VALUE_PROPERTY, key);
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

    @Override
    public boolean anyoneElseSubscribes(String topic) {
        return broker.anyoneSubscribes(topic);
    }

    @Override
    public List<TransmitDecoder> transmitDecoders() {
        return transmitDecoders;
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

    /** The broker defines the lock queue with max-consumers=1: a second bridge's consumer is refused. */
    @Override
    public boolean lockHeldElsewhere(Throwable failure) {
        return ArtemisFailures.maxConsumersReached(failure);
    }
}
