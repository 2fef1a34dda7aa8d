package org.telemetrybridge.backend.ibmmq;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.ibm.mq.constants.CMQC;

import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.session.port.MessageProperties;

/**
 * MQTT 5 properties and the MQ message descriptor (MQMD) fields that carry them, both ways (table in
 * docs/ibmmq.md, "MQTT 5 properties on IBM MQ"):
 *
 * <ul>
 * <li>Payload Format Indicator 1 and Format MQFMT_STRING with CodedCharSetId 1208; anything else is
 *     MQFMT_NONE. Nothing is converted, as MQ Telemetry converted nothing ("MQ Telemetry globalization").</li>
 * <li>Message Expiry Interval and MQMD Expiry, tenths of a second, which the queue manager counts down
 *     while the message waits ("Expiry (MQLONG)").</li>
 * <li>Correlation Data and CorrelId, an MQBYTE24 never converted ("CorrelId (MQBYTE24)"): see
 *     {@link #correlId} and {@link #correlationData(byte[])} for the rule for other lengths.</li>
 * <li>Response Topic and ReplyToQ on ReplyToQMgr = the device's pseudo queue manager, so that an MQI
 *     application's reply to it reaches the device through SYSTEM.MQTT.TRANSMIT.QUEUE on that topic.</li>
 * </ul>
 */
final class MqmdProperties {

    /** MQ_CORREL_ID_LENGTH. */
    static final int CORREL_ID_LENGTH = 24;
    /** MQ_Q_NAME_LENGTH and MQ_Q_MGR_NAME_LENGTH: what ReplyToQ and ReplyToQMgr hold. */
    static final int NAME_LENGTH = 48;
    static final int UTF8 = 1208;
    private static final String TOPIC_URI = "topic://";

    private MqmdProperties() {
    }

    /**
     * Correlation data as a CorrelId: up to 24 bytes right-padded with 0x00 (how MQ pads a short value);
     * longer data keeps its first 24 bytes, and the whole goes with the message elsewhere (the RFH2).
     */
    static byte[] correlId(byte[] data) {
        return Arrays.copyOf(data, CORREL_ID_LENGTH);
    }

    /** Whether correlation data fits a CorrelId without loss: 1 to 24 bytes, not ending in 0x00. */
    static boolean fitsCorrelId(byte[] data) {
        return data.length > 0 && data.length <= CORREL_ID_LENGTH && data[data.length - 1] != 0;
    }

    /**
     * The correlation data a CorrelId stands for: its bytes without the trailing 0x00 padding; null for
     * MQCI_NONE (24 × 0x00), which means "no correlation".
     */
    static byte[] correlationData(byte[] correlId) {
        if (correlId == null || subscriptionCorrelId(correlId)) {
            return null;
        }
        int length = correlId.length;
        while (length > 0 && correlId[length - 1] == 0) {
            length--;
        }
        return length == 0 ? null : Arrays.copyOf(correlId, length);
    }

    /** "AMQX" / "CSQM" in ASCII or EBCDIC: the queue manager's own prefixes of a subscription's generated CorrelId. */
    private static final byte[][] SUBSCRIPTION_CORREL_ID_PREFIXES = {
            "AMQX".getBytes(StandardCharsets.US_ASCII), "CSQM".getBytes(StandardCharsets.US_ASCII),
            {(byte) 0xC1, (byte) 0xD4, (byte) 0xD8, (byte) 0xE7}, {(byte) 0xC3, (byte) 0xE2, (byte) 0xD8, (byte) 0xD4}};

    /**
     * Whether a CorrelId is one the queue manager generated for a subscription, which it sets on every
     * publication of that subscription ("SubCorrelId (MQBYTE24)": a 4-byte product identifier, AMQX or CSQM,
     * then a unique string): it identifies the subscription, not the publisher's request.
     */
    static boolean subscriptionCorrelId(byte[] correlId) {
        for (byte[] prefix : SUBSCRIPTION_CORREL_ID_PREFIXES) {
            if (correlId.length >= prefix.length && Arrays.equals(correlId, 0, prefix.length, prefix, 0, prefix.length)) {
                return true;
            }
        }
        return false;
    }

    /** Payload Format Indicator 1: Format MQFMT_STRING in CCSID 1208, and the bytes are UTF-8 indeed. */
    static boolean utf8(String format, int ccsid, byte[] payload) {
        return CMQC.MQFMT_STRING.trim().equals(format.trim()) && ccsid == UTF8
                && MessageMapping.utf8Text(payload) != null;
    }

    /** The reply-to queue manager of a device's request: the pseudo queue manager MQ applications reach it by. */
    static String replyToQueueManager(String clientId) {
        return ClientIdRule.pseudoQueueManagerName(clientId);
    }

    /** Whether a response topic fits ReplyToQ as it is (a topic is UTF-8; ReplyToQ holds 48 characters). */
    static boolean fitsReplyToQ(String responseTopic) {
        return responseTopic.getBytes(StandardCharsets.UTF_8).length <= NAME_LENGTH && responseTopic.equals(
                responseTopic.strip());
    }

    /** What an MQ message read from the transmission queue says about its MQTT 5 properties. */
    record Read(String format, int ccsid, byte[] payload, long expiresAt, byte[] correlId, String replyToQ,
                String jmsCorrelationId, String jmsReplyTo, String jmsType,
                List<MessageProperties.UserProperty> userProperties) {
    }

    /**
     * The MQTT 5 properties of a message from MQ. The RFH2 {@code jms} folder (an MQ JMS application's) wins
     * over the MQMD, as MQ classes for JMS read it ("Mapping IBM MQ fields onto JMS fields (incoming
     * messages)": "if both are available, the setting in the MQRFH2 is used"): {@code Cid} is read by the
     * JMS rule ({@link MessageMapping#correlationData(String)}), {@code Rto} only if it names a topic.
     */
    static MessageProperties read(Read read) {
        byte[] correlation = read.jmsCorrelationId() != null && !read.jmsCorrelationId().isEmpty()
                ? MessageMapping.correlationData(read.jmsCorrelationId()) : correlationData(read.correlId());
        String responseTopic = null;
        if (read.jmsReplyTo() != null && read.jmsReplyTo().startsWith(TOPIC_URI)) {
            String topic = read.jmsReplyTo().substring(TOPIC_URI.length());
            int query = topic.indexOf('?');
            responseTopic = query < 0 ? topic : topic.substring(0, query);
        } else if (read.replyToQ() != null && !read.replyToQ().isBlank()) {
            responseTopic = read.replyToQ().trim();
        }
        if (responseTopic != null && responseTopic.isEmpty()) {
            responseTopic = null;
        }
        String contentType = read.jmsType() == null || read.jmsType().isEmpty() ? null : read.jmsType();
        return new MessageProperties(read.expiresAt(), contentType, utf8(read.format(), read.ccsid(), read.payload()),
                responseTopic, correlation, read.userProperties());
    }
}
