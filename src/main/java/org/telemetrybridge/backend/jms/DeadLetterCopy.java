package org.telemetrybridge.backend.jms;

import java.util.Enumeration;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.telemetrybridge.session.port.UndeliverableReason;

/**
 * The dead-letter form of a message on a JMS provider without MQ headers: a copy of the original,
 * body and properties as they were, with the reason in properties an administrator can select on.
 */
public final class DeadLetterCopy {

    /** Integer property: the MQ reason code (as MQDLH.Reason would carry it). */
    public static final String REASON_CODE = "mqtt_dlq_reason_code";
    /** String property: the reason in words. */
    public static final String REASON = "mqtt_dlq_reason";
    /** String property: the client the message was for. */
    public static final String CLIENT_ID = "mqtt_dlq_clientid";

    private DeadLetterCopy() {
    }

    public static Message of(Session session, Message original, UndeliverableReason reason, String clientId)
            throws JMSException {
        Message copy = copyBody(session, original);
        for (Enumeration<?> names = original.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!name.startsWith("JMSX") && !name.startsWith("_")) {
                copy.setObjectProperty(name, original.getObjectProperty(name));
            }
        }
        copy.setIntProperty(REASON_CODE, reason.mqReason());
        copy.setStringProperty(REASON, reason.text());
        if (clientId != null) {
            copy.setStringProperty(CLIENT_ID, clientId);
        }
        copy.setJMSCorrelationID(original.getJMSCorrelationID());
        return copy;
    }

    private static Message copyBody(Session session, Message original) throws JMSException {
        if (original instanceof BytesMessage bytes) {
            BytesMessage copy = session.createBytesMessage();
            copy.writeBytes(MessageMapping.payload(bytes));
            return copy;
        }
        if (original instanceof TextMessage text) {
            return session.createTextMessage(text.getText());
        }
        if (original instanceof MapMessage map) {
            MapMessage copy = session.createMapMessage();
            for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                copy.setObject(name, map.getObject(name));
            }
            return copy;
        }
        return session.createMessage();
    }
}
