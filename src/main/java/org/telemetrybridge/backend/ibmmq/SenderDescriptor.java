package org.telemetrybridge.backend.ibmmq;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HexFormat;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQDataException;
import com.ibm.mq.headers.MQMD1;
import com.ibm.msg.client.jakarta.wmq.WMQConstants;

import org.telemetrybridge.backend.jms.TransmitMessage;

/**
 * The sending application's message descriptor (MQMD) of an undeliverable message: kept with a held
 * copy, and written on its dead letter so that the dead letter has the sender's context, as an MQ
 * channel agent's dead letters do.
 */
final class SenderDescriptor {

    /** Byte order and character set the descriptor is kept in: Java's own, and ASCII. */
    private static final int ENCODING = CMQC.MQENC_NATIVE;
    private static final int CCSID = 819;

    private SenderDescriptor() {
    }

    /**
     * The descriptor inside a transmission-queue message, as text to keep on its held copy. The held
     * copy keeps only the data after all headers, so Format and CodedCharSetId are those of that data.
     */
    static String ofHeldData(byte[] xmitMessage) {
        MQMD1 descriptor = UndeliverableDisposition.xqh(xmitMessage).getMsgDesc();
        TransmitMessage decoded = TransmitQueueDecoder.decode(xmitMessage);
        if (decoded != null && !decoded.format().isEmpty()) {
            descriptor.setFormat(decoded.format());
        }
        if (decoded != null && decoded.ccsid() > 0) {
            descriptor.setCodedCharSetId(decoded.ccsid());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(descriptor.size());
        try {
            descriptor.write(new DataOutputStream(bytes), ENCODING, CCSID);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    static MQMD1 decode(String kept) {
        try {
            return new MQMD1(new DataInputStream(new ByteArrayInputStream(HexFormat.of().parseHex(kept))), ENCODING,
                    CCSID);
        } catch (MQDataException | IOException | IllegalArgumentException e) {
            throw new MalformedTransmitMessageException("the kept message descriptor is broken: " + e.getMessage(), e);
        }
    }

    /** A descriptor for a message sent in the property form, from its JMS header. */
    static MQMD1 of(Message message) throws JMSException {
        MQMD1 descriptor = new MQMD1();
        boolean text = message instanceof TextMessage;
        descriptor.setFormat(text ? CMQC.MQFMT_STRING : CMQC.MQFMT_NONE);
        descriptor.setCodedCharSetId(text ? 1208 : CMQC.MQCCSI_Q_MGR);
        descriptor.setPersistence(message.getJMSDeliveryMode() == DeliveryMode.PERSISTENT
                ? CMQC.MQPER_PERSISTENT : CMQC.MQPER_NOT_PERSISTENT);
        byte[] correlId = message.getJMSCorrelationIDAsBytes();
        if (correlId != null && correlId.length == CMQC.MQ_CORREL_ID_LENGTH) {
            descriptor.setCorrelId(correlId);
        }
        return descriptor;
    }

    /**
     * Writes the sender's context on a dead letter through MQ classes for JMS' JMS_IBM_MQMD_*
     * properties (the destination must have mdWriteEnabled, and mdMessageContext SET_ALL for the
     * identity and origin fields).
     */
    static void setContext(Message message, MQMD1 context) throws JMSException {
        message.setObjectProperty(WMQConstants.JMS_IBM_MQMD_MSGID, context.getMsgId());
        message.setObjectProperty(WMQConstants.JMS_IBM_MQMD_CORRELID, context.getCorrelId());
        message.setIntProperty(WMQConstants.JMS_IBM_MQMD_REPORT, context.getReport());
        message.setStringProperty(WMQConstants.JMS_IBM_MQMD_REPLYTOQ, context.getReplyToQ());
        message.setStringProperty(WMQConstants.JMS_IBM_MQMD_REPLYTOQMGR, context.getReplyToQMgr());
        message.setStringProperty(WMQConstants.JMS_IBM_MQMD_USERIDENTIFIER, context.getUserIdentifier());
        message.setObjectProperty(WMQConstants.JMS_IBM_MQMD_ACCOUNTINGTOKEN, context.getAccountingToken());
        message.setStringProperty(WMQConstants.JMS_IBM_MQMD_APPLIDENTITYDATA, context.getApplIdentityData());
        message.setIntProperty(WMQConstants.JMS_IBM_MQMD_PUTAPPLTYPE, context.getPutApplType());
        message.setStringProperty(WMQConstants.JMS_IBM_MQMD_PUTAPPLNAME, context.getPutApplName());
        message.setStringProperty(WMQConstants.JMS_IBM_MQMD_PUTDATE, context.getPutDate());
        message.setStringProperty(WMQConstants.JMS_IBM_MQMD_PUTTIME, context.getPutTime());
        message.setStringProperty(WMQConstants.JMS_IBM_MQMD_APPLORIGINDATA, context.getApplOriginData());
    }
}
