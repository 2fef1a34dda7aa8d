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
 * of this form.
 */
public final class PropertyFormDecoder implements TransmitDecoder {

    public static final String REMOTE_QMGR_NAME = "RemoteQMgrName";
    public static final String REMOTE_QNAME = "RemoteQName";

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
            if (!name.equals(REMOTE_QMGR_NAME) && !name.equals(REMOTE_QNAME) && !name.startsWith("JMS")
                    && !name.startsWith("_")) {
                properties.put(name, message.getObjectProperty(name));
            }
        }
        return new TransmitMessage(clientId.trim(), topic.trim(), MessageMapping.payload(message),
                message.getJMSDeliveryMode() == DeliveryMode.PERSISTENT, message.getJMSExpiration(), "", 0,
                properties);
    }
}
