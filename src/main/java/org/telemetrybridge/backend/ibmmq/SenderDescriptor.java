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
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQDataException;
import com.ibm.mq.headers.MQMD1;
import com.ibm.msg.client.jakarta.jms.JmsConstants;
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
        return kept(descriptor);
    }

    /** A descriptor as text to keep on a held copy ({@link #decode} reads it back). */
    static String kept(MQMD1 descriptor) {
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

    /**
     * A descriptor for a message sent in the property form, from its JMS header and the properties MQ
     * classes for JMS map the MQMD to (IBM: "Mapping JMS header fields at send() or publish()" and the
     * JMS_IBM_Report_* properties): MsgId, CorrelId, reply-to, report options, user and application, so
     * that its dead letter keeps the sender's context and its report options are honoured as for a
     * message in the IBM form.
     */
    static MQMD1 of(Message message) throws JMSException {
        MQMD1 descriptor = new MQMD1();
        boolean text = message instanceof TextMessage;
        descriptor.setFormat(text ? CMQC.MQFMT_STRING : CMQC.MQFMT_NONE);
        descriptor.setCodedCharSetId(text ? 1208 : CMQC.MQCCSI_Q_MGR);
        descriptor.setPersistence(message.getJMSDeliveryMode() == DeliveryMode.PERSISTENT
                ? CMQC.MQPER_PERSISTENT : CMQC.MQPER_NOT_PERSISTENT);
        byte[] msgId = mqId(message.getJMSMessageID());
        if (msgId != null) {
            descriptor.setMsgId(msgId);
        }
        byte[] correlId = message.getJMSCorrelationIDAsBytes();
        if (correlId != null && correlId.length == CMQC.MQ_CORREL_ID_LENGTH) {
            descriptor.setCorrelId(correlId);
        }
        if (message.getJMSReplyTo() instanceof Queue replyTo) {
            String[] qmgrAndQueue = queueManagerAndQueue(replyTo.getQueueName());
            descriptor.setReplyToQMgr(qmgrAndQueue[0]);
            descriptor.setReplyToQ(qmgrAndQueue[1]);
        }
        descriptor.setReport(reportOptions(message));
        String user = message.getStringProperty(JmsConstants.JMSX_USERID);
        if (user != null) {
            descriptor.setUserIdentifier(user);
        }
        String application = message.getStringProperty(JmsConstants.JMSX_APPID);
        if (application != null) {
            descriptor.setPutApplName(application);
        }
        return descriptor;
    }

    /** The MQMD Report of the JMS_IBM_Report_* properties, each of which holds its MQRO_* value. */
    static int reportOptions(Message message) throws JMSException {
        int report = CMQC.MQRO_NONE;
        for (String property : new String[] {JmsConstants.JMS_IBM_REPORT_EXCEPTION, JmsConstants.JMS_IBM_REPORT_EXPIRATION,
                JmsConstants.JMS_IBM_REPORT_COA, JmsConstants.JMS_IBM_REPORT_COD, JmsConstants.JMS_IBM_REPORT_PAN,
                JmsConstants.JMS_IBM_REPORT_NAN, JmsConstants.JMS_IBM_REPORT_PASS_MSG_ID,
                JmsConstants.JMS_IBM_REPORT_PASS_CORREL_ID, JmsConstants.JMS_IBM_REPORT_DISCARD_MSG,
                JmsConstants.JMS_IBM_REPORT_PASS_DISCARD_AND_EXPIRY}) {
            if (message.getObjectProperty(property) instanceof Number option) {
                report |= option.intValue();
            }
        }
        return report;
    }

    /** MQ's 24-byte id from a JMSMessageID MQ classes for JMS made ("ID:" and 48 hex digits); else null. */
    static byte[] mqId(String jmsMessageId) {
        if (jmsMessageId == null || !jmsMessageId.startsWith("ID:")
                || jmsMessageId.length() != 3 + 2 * CMQC.MQ_MSG_ID_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(jmsMessageId, 3, jmsMessageId.length());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A reply-to queue name as MQ classes for JMS give it: {@code queue://QMGR/QUEUE?options}, or the bare name. */
    static String[] queueManagerAndQueue(String name) {
        if (!name.startsWith("queue://")) {
            return new String[] {"", name};
        }
        String rest = name.substring("queue://".length());
        int options = rest.indexOf('?');
        if (options >= 0) {
            rest = rest.substring(0, options);
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? new String[] {"", rest} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
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
