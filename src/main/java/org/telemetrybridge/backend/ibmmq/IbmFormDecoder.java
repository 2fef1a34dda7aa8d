package org.telemetrybridge.backend.ibmmq;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

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
            return TransmitQueueDecoder.decode(MessageMapping.payload(bytes));
        } catch (MalformedTransmitMessageException e) {
            // Not deliverable as it is: the caller dead-letters it as naming no target.
            BridgeLog.backendDeliveryFailed(MqObjectNames.TRANSMIT_QUEUE, e);
            return null;
        }
    }
}
