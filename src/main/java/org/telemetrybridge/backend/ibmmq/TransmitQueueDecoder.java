package org.telemetrybridge.backend.ibmmq;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQDataException;
import com.ibm.mq.headers.MQHeader;
import com.ibm.mq.headers.MQHeaderIterator;
import com.ibm.mq.headers.MQMD1;
import com.ibm.mq.headers.MQRFH2;
import com.ibm.mq.headers.MQXQH;

import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.backend.jms.TransmitMessage;
import org.telemetrybridge.session.port.MessageProperties;

/**
 * Decodes the IBM MQ form of a message taken from SYSTEM.MQTT.TRANSMIT.QUEUE: a transmission-queue
 * header (MQXQH) with the original message descriptor inside, then possibly an MQRFH2 (what an MQ
 * JMS application or a publication adds), then the application data. The parsing is IBM's own
 * ({@code com.ibm.mq.headers}), so byte order, character sets and padding are read as IBM wrote them.
 *
 * <p>Byte order and character set of the MQXQH are recognised from the header itself (its struct id
 * in ASCII or EBCDIC, its version in big- or little-endian), so the decoder needs nothing from the
 * JMS message but its bytes. Everything after the MQXQH is described by the embedded MQMD.
 *
 * <p>A publication that a device subscription ({@link QueueManagerSubscriptions}) put here carries, in
 * its RFH2 {@code mqps} folder, the topic string it was published on ({@code Top}) and the
 * subscription's user data ({@code Sud}, MQSubUserData), which holds the subscription's QoS
 * ({@link SubscriptionUserData}): that becomes {@link TransmitMessage#subscriptionQos()}.
 */
public final class TransmitQueueDecoder {

    /** Little-endian integers (Linux on x86 and ARM, Windows): how most queue managers write headers. */
    static final int ENCODING_LITTLE_ENDIAN = 546;
    /** Big-endian integers (AIX, z/OS, Java's own MQENC_NATIVE). */
    static final int ENCODING_BIG_ENDIAN = CMQC.MQENC_NATIVE;
    private static final int CCSID_ASCII = 819;
    private static final int CCSID_EBCDIC = 500;
    private static final byte[] XQH_ASCII = "XQH ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XQH_EBCDIC = {(byte) 0xE7, (byte) 0xD8, (byte) 0xC8, (byte) 0x40};

    /** The JMS property names of the fields of an RFH2 {@code jms} folder. */
    private static final Map<String, String> JMS_FOLDER_NAMES = Map.of(
            "Dst", "JMSDestination", "Rto", "JMSReplyTo", "Cid", "JMSCorrelationID", "Pri", "JMSPriority",
            "Exp", "JMSExpiration", "Dlv", "JMSDeliveryMode", "Tms", "JMSTimestamp", "Gid", "JMSXGroupID",
            "Seq", "JMSXGroupSeq");

    private TransmitQueueDecoder() {
    }

    /** Whether the data begins with an MQXQH struct id, in ASCII or EBCDIC. */
    public static boolean startsWithXqh(byte[] data) {
        return startsWith(data, XQH_ASCII) || startsWith(data, XQH_EBCDIC);
    }

    /**
     * Decodes a transmission-queue message.
     *
     * @return the message, or null if the data does not start with an MQXQH (it is then not in the IBM
     *         form: the caller decides, e.g. the property form or the dead-letter queue)
     * @throws MalformedTransmitMessageException if it starts with an MQXQH but the headers are broken
     */
    public static TransmitMessage decode(byte[] data) {
        if (!startsWithXqh(data)) {
            return null;
        }
        int encoding = xqhEncodingOf(data);
        int ccsid = xqhCcsidOf(data);
        try {
            MQHeaderIterator headers = new MQHeaderIterator(new DataInputStream(new ByteArrayInputStream(data)),
                    CMQC.MQFMT_XMIT_Q_HEADER, encoding, ccsid);
            MQXQH xqh = (MQXQH) headers.nextHeader();
            String topic = xqh.getRemoteQName().trim();
            MQMD1 descriptor = xqh.getMsgDesc();
            String format = descriptor.getFormat();
            int dataCcsid = descriptor.getCodedCharSetId();
            Map<String, Object> properties = new HashMap<>();
            Map<String, Object> userFolder = new HashMap<>();
            String jmsCorrelationId = null;
            String jmsReplyTo = null;
            String jmsType = null;
            int subscriptionQos = TransmitMessage.NO_SUBSCRIPTION;
            while (headers.hasNext()) {
                MQHeader header = headers.nextHeader();
                if (header instanceof MQRFH2 rfh2) {
                    jmsCorrelationId = stringField(rfh2, "jms", "Cid");
                    jmsReplyTo = stringField(rfh2, "jms", "Rto");
                    jmsType = stringField(rfh2, "mcd", "Type");
                    String published = stringField(rfh2, "mqps", "Top");
                    if (published != null && !published.isEmpty()) {
                        topic = published;
                    }
                    String userData = stringField(rfh2, "mqps", "Sud");
                    int capped = SubscriptionUserData.qos(userData);
                    if (capped != TransmitMessage.NO_SUBSCRIPTION) {
                        subscriptionQos = capped;
                    }
                    readProperties(rfh2, properties, userFolder);
                    String filter = SubscriptionUserData.filter(userData);
                    if (filter != null) {
                        properties.put(MessageMapping.SUBSCRIPTION, filter); // which subscription put it
                    }
                    format = rfh2.getFormat();
                    dataCcsid = rfh2.getCodedCharSetId();
                }
            }
            if (topic.equals(QueueManagerSubscriptions.PUBLICATION_QUEUE)) {
                // A device subscription's publication whose topic string did not come with it: delivered on
                // the resolution queue's name it would reach the device on a topic nobody published to.
                throw new MalformedTransmitMessageException("a publication for a device subscription without its"
                        + " topic string (RFH2 mqps Top); were its properties discarded on the way?", null);
            }
            byte[] payload = headers.getBodyAsBytes();
            long expiry = expiryMillis(descriptor);
            MessageProperties mqtt5 = MqmdProperties.read(new MqmdProperties.Read(format, dataCcsid, payload, expiry,
                    descriptor.getCorrelId(), descriptor.getReplyToQ(), jmsCorrelationId, jmsReplyTo, jmsType,
                    MessageMapping.userProperties(userFolder)));
            return new TransmitMessage(xqh.getRemoteQMgrName().trim(), topic, payload,
                    descriptor.getPersistence() == CMQC.MQPER_PERSISTENT, expiry,
                    format.trim(), dataCcsid, properties, subscriptionQos, mqtt5);
        } catch (MQDataException | IOException | RuntimeException e) {
            throw new MalformedTransmitMessageException("not a valid MQXQH message: " + e.getMessage(), e);
        }
    }

    /**
     * The version field (offset 4) is 1 in every MQXQH: read big-endian it is 1 for a big-endian
     * header, and 0x01000000 for a little-endian one.
     */
    static int xqhEncodingOf(byte[] data) {
        if (data.length < 8) {
            return ENCODING_LITTLE_ENDIAN;
        }
        return data[4] == 0 && data[7] != 0 ? ENCODING_BIG_ENDIAN : ENCODING_LITTLE_ENDIAN;
    }

    /** The names in an MQXQH are in the invariant character set: ASCII or EBCDIC is all that matters. */
    static int xqhCcsidOf(byte[] data) {
        return startsWith(data, XQH_ASCII) ? CCSID_ASCII : CCSID_EBCDIC;
    }

    /**
     * The absolute expiry: MQMD Expiry counts tenths of a second from the put time; -1
     * (MQEI_UNLIMITED) means never. The put time is the original put, so a message that waited on
     * the transmission queue expires when the sending application meant it to.
     */
    private static long expiryMillis(MQMD1 descriptor) {
        int expiry = descriptor.getExpiry();
        if (expiry == CMQC.MQEI_UNLIMITED || expiry <= 0) {
            return 0;
        }
        long putTime = putTimeMillis(descriptor);
        return putTime <= 0 ? 0 : putTime + expiry * 100L;
    }

    /** PutDate YYYYMMDD and PutTime HHMMSSTH are GMT, as the queue manager stamps them. */
    static long putTimeMillis(MQMD1 descriptor) {
        String date = descriptor.getPutDate().trim();
        String time = descriptor.getPutTime().trim();
        if (date.length() != 8 || time.length() < 6) {
            return 0;
        }
        try {
            java.time.LocalDateTime at = java.time.LocalDateTime.of(Integer.parseInt(date.substring(0, 4)),
                    Integer.parseInt(date.substring(4, 6)), Integer.parseInt(date.substring(6, 8)),
                    Integer.parseInt(time.substring(0, 2)), Integer.parseInt(time.substring(2, 4)),
                    Integer.parseInt(time.substring(4, 6)));
            long hundredths = time.length() >= 8 ? Integer.parseInt(time.substring(6, 8)) : 0;
            return at.toInstant(java.time.ZoneOffset.UTC).toEpochMilli() + hundredths * 10;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * The {@code usr} folder's properties as they are (also into {@code userFolder}: the MQTT 5 user
     * properties); the {@code jms} folder's under their JMS names.
     */
    private static void readProperties(MQRFH2 rfh2, Map<String, Object> properties, Map<String, Object> userFolder)
            throws IOException {
        MQRFH2.Element jms = rfh2.getFolder("jms", false);
        if (jms != null) {
            for (MQRFH2.Element field : jms.getChildren()) {
                String name = JMS_FOLDER_NAMES.getOrDefault(field.getName(), "jms." + field.getName());
                putIfPresent(properties, name, rfh2.getFieldValue("jms", field.getName()));
            }
        }
        MQRFH2.Element usr = rfh2.getFolder("usr", false);
        if (usr != null) {
            for (MQRFH2.Element field : usr.getChildren()) {
                // Typed by the field's dt attribute (i4, i8, boolean...), as MQ JMS reads it.
                putIfPresent(properties, field.getName(), rfh2.getFieldValue("usr", field.getName()));
                putIfPresent(userFolder, field.getName(), rfh2.getFieldValue("usr", field.getName()));
            }
        }
    }

    private static void putIfPresent(Map<String, Object> properties, String name, Object value) {
        if (value != null) {
            properties.put(name, value);
        }
    }

    private static String stringField(MQRFH2 rfh2, String folder, String field) throws IOException {
        MQRFH2.Element element = rfh2.getFolder(folder, false);
        if (element == null) {
            return null;
        }
        MQRFH2.Element child = element.getChild(field);
        return child == null ? null : child.getStringValue();
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data == null || data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
