package org.telemetrybridge.backend.ibmmq;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

import com.ibm.msg.client.jakarta.jms.JmsConstants;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.backend.jms.TransmitDecoder;
import org.telemetrybridge.backend.jms.TransmitMessage;
import org.telemetrybridge.log.BridgeLog;

/**
 * The IBM MQ form of a transmit-queue message, as a queue manager puts it there: a bytes message
 * whose data starts with an MQXQH ({@link TransmitQueueDecoder}). Used by both backends, so the
 * embedded stand-in takes messages in this form too.
 */
public final class IbmFormDecoder implements TransmitDecoder {

    @Override
    public TransmitMessage decode(Message message) throws JMSException {
        if (!(message instanceof BytesMessage bytes)) {
            return null;
        }
        // A look at the struct id first: messages in the property form are not copied here.
        bytes.reset();
        byte[] head = new byte[4];
        if (bytes.readBytes(head) < head.length || !TransmitQueueDecoder.startsWithXqh(head)) {
            return null;
        }
        try {
            return withSubscriptionQos(TransmitQueueDecoder.decode(MessageMapping.payload(bytes)), message);
        } catch (MalformedTransmitMessageException e) {
            // Not deliverable as it is: the caller dead-letters it as naming no target.
            BridgeLog.backendDeliveryFailed(MqObjectNames.TRANSMIT_QUEUE, e);
            return null;
        }
    }

    /**
     * Where MQ classes for JMS took the publication's RFH2 out of the data themselves, the subscription's
     * user data (mqps {@code Sud}) is the JMS property {@code JMS_IBM_SubscriptionUserData} instead (IBM:
     * "Retrieval of subscription user data", https://www.ibm.com/docs/SSFKSJ_9.4.0/develop/q130250_.html).
     */
    static TransmitMessage withSubscriptionQos(TransmitMessage decoded, Message message) throws JMSException {
        if (decoded == null || decoded.subscriptionQos() != TransmitMessage.NO_SUBSCRIPTION
                || !message.propertyExists(JmsConstants.JMS_IBM_SUBSCRIPTION_USER_DATA)) {
            return decoded;
        }
        String userData = message.getStringProperty(JmsConstants.JMS_IBM_SUBSCRIPTION_USER_DATA);
        int qos = SubscriptionUserData.qos(userData);
        if (qos == TransmitMessage.NO_SUBSCRIPTION) {
            return decoded;
        }
        java.util.Map<String, Object> properties = decoded.properties();
        String filter = SubscriptionUserData.filter(userData);
        if (filter != null) {
            properties = new java.util.HashMap<>(properties);
            properties.put(MessageMapping.SUBSCRIPTION, filter);
        }
        return new TransmitMessage(decoded.targetClientId(), decoded.topic(), decoded.payload(), decoded.persistent(),
                decoded.expiryMillis(), decoded.format(), decoded.ccsid(), properties, qos, decoded.mqtt5());
    }
}
