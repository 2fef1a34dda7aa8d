package org.telemetrybridge.backend.ibmmq;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQDataException;
import com.ibm.mq.headers.MQMD1;
import com.ibm.mq.headers.MQXQH;

/**
 * What becomes of a transmission-queue message the bridge cannot deliver, decided as an MQ channel
 * agent decides it, from the sender's report options in the message descriptor inside the MQXQH
 * (IBM: "Report (MQLONG)", https://ibm.com/docs/SSFKSJ_9.2.0/com.ibm.mq.ref.dev.doc/q097680_.htm):
 * <ul>
 * <li>MQRO_DISCARD_MSG: the message is discarded, not dead-lettered (MQRO_DEAD_LETTER_Q, the
 *     default, dead-letters it with an MQDLH: {@link DeadLetterEncoder});</li>
 * <li>MQRO_EXCEPTION / _WITH_DATA / _WITH_FULL_DATA: an exception report goes to the message's
 *     ReplyToQ on ReplyToQMgr, with no data, the first 100 bytes, or all of it (IBM:
 *     "JMS_IBM_REPORT_EXCEPTION", https://www.ibm.com/docs/SSFKSJ_9.1.0/com.ibm.mq.ref.dev.doc/prp_jms_ibm_rep_excpt.html);
 *     its Feedback is the reason, its CorrelId the original MsgId unless MQRO_PASS_CORREL_ID asks
 *     for the original CorrelId, its MsgId new unless MQRO_PASS_MSG_ID.</li>
 * </ul>
 *
 * @param deadLetter the dead letter to put, or null if the sender asked for the message to be discarded
 * @param report     the exception report to send, or null if none was asked for (or no reply-to queue named)
 */
public record UndeliverableDisposition(DeadLetterEncoder.DeadLetter deadLetter, ExceptionReport report) {

    /** How much of the original data an MQRO_EXCEPTION_WITH_DATA report carries. */
    static final int REPORT_DATA_BYTES = 100;

    /**
     * An exception report: an MQMT_REPORT message for the sender.
     *
     * @param replyToQ    where it goes (the original ReplyToQ)
     * @param replyToQMgr on which queue manager (the original ReplyToQMgr; blank: the local one)
     * @param msgId       the original MsgId to pass (MQRO_PASS_MSG_ID), or null for a new one
     * @param correlId    the original MsgId, or its CorrelId under MQRO_PASS_CORREL_ID
     * @param feedback    why: the MQRC / MQFB code
     * @param data        none, the first 100 bytes or all of the original data
     * @param format      MQMD Format of the data (MQFMT_NONE when there is none)
     * @param encoding    MQMD Encoding of the data
     * @param ccsid       MQMD CodedCharSetId of the data
     * @param persistent  the original message's persistence
     */
    public record ExceptionReport(String replyToQ, String replyToQMgr, byte[] msgId, byte[] correlId, int feedback,
                                  byte[] data, String format, int encoding, int ccsid, boolean persistent) {
    }

    /**
     * Decides for a message in the IBM transmission-queue form.
     *
     * @param xmitMessage the data as taken from the transmission queue, starting with an MQXQH
     * @param reason      an MQRC_* or MQFB_* code saying why it was not delivered
     */
    public static UndeliverableDisposition of(byte[] xmitMessage, int reason) {
        return of(xmitMessage, reason, true);
    }

    /**
     * Decides for a message in the IBM transmission-queue form, also one whose MQXQH cannot be read: that
     * one is dead-lettered as it is ({@link DeadLetterEncoder#unreadable}), never left at the head of the
     * queue to stop every message behind it; its report options cannot be read, so no report is sent.
     *
     * @param persistent the persistence of the message as taken from the queue, for a header that cannot say
     */
    public static UndeliverableDisposition of(byte[] xmitMessage, int reason, boolean persistent) {
        MQXQH xqh;
        try {
            xqh = xqh(xmitMessage);
        } catch (MalformedTransmitMessageException e) {
            return new UndeliverableDisposition(DeadLetterEncoder.unreadable(xmitMessage, persistent), null);
        }
        MQMD1 original = xqh.getMsgDesc();
        int report = original.getReport();
        DeadLetterEncoder.DeadLetter deadLetter = (report & CMQC.MQRO_DISCARD_MSG) != 0 ? null
                : DeadLetterEncoder.encode(xmitMessage, reason);
        return new UndeliverableDisposition(deadLetter,
                exceptionReport(original, report, xmitMessage, xqh.size(), reason));
    }

    private static ExceptionReport exceptionReport(MQMD1 original, int report, byte[] xmitMessage, int dataStart,
                                                   int reason) {
        int exception = report & CMQC.MQRO_EXCEPTION_WITH_FULL_DATA;
        String replyToQ = original.getReplyToQ().trim();
        if (exception == 0 || replyToQ.isEmpty()) {
            return null; // Not asked for, or nowhere to send it (MQ, too, needs a ReplyToQ for a report).
        }
        int length = switch (exception) {
            case CMQC.MQRO_EXCEPTION_WITH_FULL_DATA -> xmitMessage.length - dataStart;
            case CMQC.MQRO_EXCEPTION_WITH_DATA -> Math.min(REPORT_DATA_BYTES, xmitMessage.length - dataStart);
            default -> 0;
        };
        byte[] data = Arrays.copyOfRange(xmitMessage, dataStart, dataStart + length);
        byte[] correlId = (report & CMQC.MQRO_PASS_CORREL_ID) != 0 ? original.getCorrelId() : original.getMsgId();
        byte[] msgId = (report & CMQC.MQRO_PASS_MSG_ID) != 0 ? original.getMsgId() : null;
        return new ExceptionReport(replyToQ, original.getReplyToQMgr().trim(), msgId, correlId, reason, data,
                length == 0 ? CMQC.MQFMT_NONE : original.getFormat(), original.getEncoding(),
                original.getCodedCharSetId(), original.getPersistence() == CMQC.MQPER_PERSISTENT);
    }

    /** The MQXQH at the start of a transmission-queue message, read with IBM's class. */
    static MQXQH xqh(byte[] xmitMessage) {
        if (!TransmitQueueDecoder.startsWithXqh(xmitMessage)) {
            throw new IllegalArgumentException("the message does not start with an MQXQH");
        }
        try {
            return new MQXQH(new DataInputStream(new ByteArrayInputStream(xmitMessage)),
                    TransmitQueueDecoder.xqhEncodingOf(xmitMessage), TransmitQueueDecoder.xqhCcsidOf(xmitMessage));
        } catch (MQDataException | IOException e) {
            throw new MalformedTransmitMessageException("not a valid MQXQH message: " + e.getMessage(), e);
        }
    }

    /**
     * A transmission-queue message rebuilt from a held copy: an MQXQH naming the client and topic,
     * with the sending application's descriptor (kept with the copy), then the data. Dead-lettering
     * a held message then keeps its context and honours its report options like any other.
     */
    public static byte[] xmitMessage(String clientId, String topic, MQMD1 descriptor, byte[] data) {
        MQXQH xqh = new MQXQH();
        xqh.setRemoteQMgrName(clientId);
        xqh.setRemoteQName(topic);
        int encoding = TransmitQueueDecoder.ENCODING_BIG_ENDIAN;
        try {
            // The descriptor goes in as bytes at the end of the MQXQH: MQXQH.setMsgDesc with a descriptor
            // that was itself read from bytes writes a broken header.
            ByteArrayOutputStream header = new ByteArrayOutputStream(xqh.size());
            xqh.write(new DataOutputStream(header), encoding, ASCII);
            ByteArrayOutputStream md = new ByteArrayOutputStream(descriptor.size());
            descriptor.write(new DataOutputStream(md), encoding, ASCII);
            byte[] message = Arrays.copyOf(header.toByteArray(), header.size() + data.length);
            System.arraycopy(md.toByteArray(), 0, message, header.size() - md.size(), md.size());
            System.arraycopy(data, 0, message, header.size(), data.length);
            return message;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /** The invariant character set of MQ header names. */
    private static final int ASCII = 819;
}
