package org.telemetrybridge.backend.embedded;

import java.util.List;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSConstants;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.apache.activemq.artemis.jms.client.JMSExceptionHelper;

import org.telemetrybridge.backend.jms.JmsDialect;
import org.telemetrybridge.backend.jms.TransmitDecoder;

/**
 * What the stand-in's dialect is wherever its Artemis broker runs: in the bridge's process
 * ({@link EmbeddedDialect}) or in another one, over TCP ({@link RemoteArtemisDialect}).
 */
abstract class ArtemisDialect implements JmsDialect {

    /** Artemis' own last-value key property. */
    static final String LAST_VALUE_PROPERTY = "_AMQ_LVQ_NAME";

    private final List<TransmitDecoder> transmitDecoders;

    ArtemisDialect(List<TransmitDecoder> transmitDecoders) {
        this.transmitDecoders = List.copyOf(transmitDecoders);
    }

    @Override
    public int durableAcknowledgeMode() {
        return ActiveMQJMSConstants.INDIVIDUAL_ACKNOWLEDGE;
    }

    /**
     * Artemis' JMS acknowledge of an INDIVIDUAL_ACKNOWLEDGE message is the core session's individual
     * acknowledge plus a commit of the session's transaction: a transaction per message, whose commit
     * record the journal syncs. Here the acknowledge alone; {@link #commitAcknowledgements} commits.
     */
    @Override
    public void acknowledgeLater(Message message) throws JMSException {
        try {
            ((ActiveMQMessage) message).getCoreMessage().individualAcknowledge();
        } catch (ActiveMQException e) {
            throw JMSExceptionHelper.convertFromActiveMQException(e);
        }
    }

    /** Commits without waiting for the answer, as Artemis' own JMS acknowledge does by default. */
    @Override
    public void commitAcknowledgements(Session session) throws JMSException {
        try {
            ((ActiveMQSession) session).getCoreSession().commit(false);
        } catch (ActiveMQException e) {
            throw JMSExceptionHelper.convertFromActiveMQException(e);
        }
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
    public List<TransmitDecoder> transmitDecoders() {
        return transmitDecoders;
    }

    /** The broker's lock queue has max-consumers=1: a second bridge's consumer is refused. */
    @Override
    public boolean lockHeldElsewhere(Throwable failure) {
        return ArtemisFailures.maxConsumersReached(failure);
    }
}
