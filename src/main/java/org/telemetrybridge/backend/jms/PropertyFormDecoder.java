package org.telemetrybridge.backend.jms;

import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;


/**
 * The property form of a message for one client: any JMS message with the string properties
 * {@value #REMOTE_QMGR_NAME} (the client id) and {@value #REMOTE_QNAME} (the topic), so a JMS
 * application can address a device without MQ headers, on any provider. It is the JMS adapter's own
 * form: messages on the held-messages queue have it too. A message without the properties is not
 * of this form. A message a device subscription put carries {@value #SUBSCRIPTION_QOS} too, the
 * subscription's QoS.
 */
public final class PropertyFormDecoder implements TransmitDecoder {

    public static final String REMOTE_QMGR_NAME = "RemoteQMgrName";
    public static final String REMOTE_QNAME = "RemoteQName";
    /** Int property: the QoS of the device subscription that put the message; absent for point to point. */
    public static final String SUBSCRIPTION_QOS = "SubscriptionQos";
    /**
     * String property: the name of the device subscription that put the message ({@code ClientIdentifier:filter}).
     * Overlapping subscriptions each put a copy of one publication, all with the publication's message id:
     * this tells the copies apart ({@link HeldMessages#originalId}).
     */
    public static final String SUBSCRIPTION_NAME = "SubscriptionName";

    /** Whether a message is of this form: it names its client and topic in properties. */
    static boolean isPropertyForm(Message message) throws JMSException {
        return message.propertyExists(REMOTE_QMGR_NAME) && message.propertyExists(REMOTE_QNAME);
    }

    @Override
    public TransmitMessage decode(Message message) throws JMSException {
        String clientId = message.getStringProperty(REMOTE_QMGR_NAME);
        String topic = message.getStringProperty(REMOTE_QNAME);
        if (clientId == null || topic == null) {
            return null;
        }
        Map<String, Object> properties = new HashMap<>();
        for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!name.equals(REMOTE_QMGR_NAME) && !name.equals(REMOTE_QNAME) && !name.equals(SUBSCRIPTION_QOS)
                    && !name.equals(SUBSCRIPTION_NAME)
                    && !name.startsWith("JMS")
                    && !name.startsWith("_")) {
                properties.put(name, message.getObjectProperty(name));
            }
        }
        return new TransmitMessage(clientId.trim(), topic.trim(), MessageMapping.payload(message),
                message.getJMSDeliveryMode() == DeliveryMode.PERSISTENT, message.getJMSExpiration(), "", 0,
                properties, subscriptionQos(message));
    }

    private static int subscriptionQos(Message message) throws JMSException {
        if (!message.propertyExists(SUBSCRIPTION_QOS)) {
            return TransmitMessage.NO_SUBSCRIPTION;
        }
        try {
            return Math.clamp(message.getIntProperty(SUBSCRIPTION_QOS), 0, 2);
        } catch (NumberFormatException | jakarta.jms.MessageFormatException e) {
            return TransmitMessage.NO_SUBSCRIPTION; // set by someone else, not a number: as point to point
        }
    }
}
