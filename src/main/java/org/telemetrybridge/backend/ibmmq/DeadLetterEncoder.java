package org.telemetrybridge.backend.ibmmq;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQDLH;
import com.ibm.mq.headers.MQMD1;
import com.ibm.mq.headers.MQXQH;

/**
 * Builds the IBM form of a dead letter for a transmission-queue message that cannot be delivered:
 * a dead-letter header (MQDLH) with the reason, then the original message data, as an MQ channel
 * agent dead-letters a message it cannot send. The MQXQH is dropped: its RemoteQMgrName and
 * RemoteQName become the MQDLH's DestQMgrName and DestQName, and its embedded MQMD becomes the
 * descriptor of the dead letter (with Format MQDEAD), so tools such as the dead-letter handler
 * (runmqdlq) can retry or forward it.
 */
public final class DeadLetterEncoder {

    /** What an MQ application puts as PutApplName: at most 28 characters. */
    static final String PUT_APPLICATION = "TelemetryBridge";

    /**
     * A dead letter ready to put.
     *
     * @param body       MQDLH followed by the original message data
     * @param format     MQFMT_DEAD_LETTER_HEADER, for the MQMD (JMS: {@code JMS_IBM_Format})
     * @param encoding   of the MQDLH, for the MQMD (JMS: {@code JMS_IBM_Encoding})
     * @param ccsid      of the MQDLH, for the MQMD (JMS: {@code JMS_IBM_Character_Set})
     * @param persistent the original message's persistence
     * @param context    the sending application's message descriptor: the dead letter keeps its MsgId,
     *                   CorrelId, reply-to, report options, identity and origin, as an MQ channel agent's
     *                   dead letters do
     */
    public record DeadLetter(byte[] body, String format, int encoding, int ccsid, boolean persistent,
                             MQMD1 context) {
    }

    private DeadLetterEncoder() {
    }

    /**
     * The dead letter of a message in the IBM transmission-queue form.
     *
     * @param xmitMessage the message data as taken from the transmission queue, starting with an MQXQH
     * @param reason      an MQRC_* or MQFB_* code saying why it was not delivered
     */
    public static DeadLetter encode(byte[] xmitMessage, int reason) {
        int encoding = TransmitQueueDecoder.xqhEncodingOf(xmitMessage);
        int ccsid = TransmitQueueDecoder.xqhCcsidOf(xmitMessage);
        try {
            MQXQH xqh = UndeliverableDisposition.xqh(xmitMessage);
            MQMD1 original = xqh.getMsgDesc();
            MQDLH dlh = new MQDLH();
            dlh.setReason(reason);
            dlh.setDestQName(xqh.getRemoteQName());
            dlh.setDestQMgrName(xqh.getRemoteQMgrName());
            // The data after the MQDLH is what the MQXQH's descriptor described.
            dlh.setEncoding(original.getEncoding());
            dlh.setCodedCharSetId(original.getCodedCharSetId());
            dlh.setFormat(original.getFormat());
            putByTheBridge(dlh);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream(xmitMessage.length);
            dlh.write(new DataOutputStream(bytes), encoding, ccsid);
            int xqhSize = xqh.size();
            bytes.write(xmitMessage, xqhSize, xmitMessage.length - xqhSize);
            return new DeadLetter(bytes.toByteArray(), CMQC.MQFMT_DEAD_LETTER_HEADER, encoding, ccsid,
                    original.getPersistence() == CMQC.MQPER_PERSISTENT, original);
        } catch (IOException e) {
            throw new MalformedTransmitMessageException("not a valid MQXQH message: " + e.getMessage(), e);
        }
    }

    /**
     * The dead letter of a transmission-queue message whose MQXQH cannot be read (cut short, say): an
     * MQDLH with reason MQFB_XMIT_Q_MSG_ERROR, as a channel agent reports such a message, then the data
     * exactly as it stood on the queue (Format MQXMIT: it starts with the broken header). Nothing of the
     * sender's descriptor can be read, so it keeps no context and no destination.
     */
    public static DeadLetter unreadable(byte[] xmitMessage, boolean persistent) {
        MQDLH dlh = new MQDLH();
        dlh.setReason(CMQC.MQFB_XMIT_Q_MSG_ERROR);
        dlh.setEncoding(TransmitQueueDecoder.ENCODING_BIG_ENDIAN);
        dlh.setCodedCharSetId(ASCII);
        dlh.setFormat(CMQC.MQFMT_XMIT_Q_HEADER);
        putByTheBridge(dlh);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(dlh.size() + xmitMessage.length);
            dlh.write(new DataOutputStream(bytes), TransmitQueueDecoder.ENCODING_BIG_ENDIAN, ASCII);
            bytes.write(xmitMessage);
            return new DeadLetter(bytes.toByteArray(), CMQC.MQFMT_DEAD_LETTER_HEADER,
                    TransmitQueueDecoder.ENCODING_BIG_ENDIAN, ASCII, persistent, new MQMD1());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    private static void putByTheBridge(MQDLH dlh) {
        dlh.setPutApplType(CMQC.MQAT_JAVA);
        dlh.setPutApplName(PUT_APPLICATION);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        dlh.setPutDate(now.format(DateTimeFormatter.ofPattern("yyyyMMdd")));
        dlh.setPutTime(now.format(DateTimeFormatter.ofPattern("HHmmss")) + String.format("%02d",
                now.getNano() / 10_000_000));
    }

    /** The invariant character set of MQ header names. */
    private static final int ASCII = 819;
}
