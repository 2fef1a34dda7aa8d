package org.telemetrybridge.backend.ibmmq;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQMD1;
import com.ibm.mq.headers.MQRFH2;
import com.ibm.mq.headers.MQXQH;

/**
 * Transmission-queue messages built with IBM's own header classes, written with the byte order and
 * character set a queue manager uses, so the tests read what IBM writes rather than what we think
 * it writes.
 */
public final class IbmHeaderFixtures {

    public static final int LINUX_ENCODING = 546;
    public static final int AIX_ENCODING = 273;
    public static final int UTF8 = 1208;
    public static final int ISO8859_1 = 819;
    public static final int EBCDIC = 500;

    private IbmHeaderFixtures() {
    }

    /**
     * The descriptor the sending application's message had. A fresh MQMD1 each time: changing the
     * one MQXQH.getMsgDesc() returns and setting it back corrupts the header.
     */
    public static MQMD1 descriptor(String format, int encoding, int ccsid, boolean persistent, int expiryTenths) {
        MQMD1 md = new MQMD1();
        md.setFormat(format);
        md.setEncoding(encoding);
        md.setCodedCharSetId(ccsid);
        md.setPersistence(persistent ? CMQC.MQPER_PERSISTENT : CMQC.MQPER_NOT_PERSISTENT);
        md.setExpiry(expiryTenths);
        md.setPutDate("20261126");
        md.setPutTime("08301250");
        return md;
    }

    public static MQXQH xqh(String remoteQMgr, String remoteQ, MQMD1 descriptor) {
        MQXQH xqh = new MQXQH();
        xqh.setRemoteQMgrName(remoteQMgr);
        xqh.setRemoteQName(remoteQ);
        xqh.setMsgDesc(descriptor);
        return xqh;
    }

    /** MQXQH + application data, as a queue manager puts a plain MQI message on a transmission queue. */
    public static byte[] plain(String client, String topic, byte[] payload, int encoding, int ccsid, boolean persistent)
            throws IOException {
        MQXQH xqh = xqh(client, topic, descriptor(CMQC.MQFMT_STRING, encoding, UTF8, persistent,
                CMQC.MQEI_UNLIMITED));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        xqh.write(out, encoding, ccsid);
        out.write(payload);
        return bytes.toByteArray();
    }

    /**
     * MQXQH + MQRFH2 + data, as an MQ JMS application sending a TextMessage to
     * {@code queue://<client>/<topic>} produces it: mcd, jms and usr folders.
     */
    public static byte[] fromJmsApplication(String client, String topic, String text, int expiryTenths) throws IOException {
        MQXQH xqh = xqh(client, topic, descriptor(CMQC.MQFMT_RF_HEADER_2, LINUX_ENCODING, UTF8, true, expiryTenths));
        MQRFH2 rfh2 = new MQRFH2();
        rfh2.setEncoding(LINUX_ENCODING);
        rfh2.setCodedCharSetId(UTF8);
        rfh2.setFormat(CMQC.MQFMT_STRING);
        rfh2.setNameValueCCSID(UTF8);
        rfh2.setFieldValue("mcd", "Msd", "jms_text");
        rfh2.setFieldValue("jms", "Dst", "queue://" + client + "/" + topic);
        rfh2.setFieldValue("jms", "Cid", "order-42");
        rfh2.setLongFieldValue("jms", "Tms", 1_795_000_000_000L);
        rfh2.setFieldValue("usr", "origin", "dispatcher");
        rfh2.setIntFieldValue("usr", "attempt", 3);
        return write(xqh, rfh2, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A publication routed to the client by an administrative subscription
     * ({@code DEFINE SUB ... DESTQMGR(client)}): the RFH2 mqps folder carries the topic string.
     */
    public static byte[] publication(String client, String remoteQ, String topicString, byte[] payload) throws IOException {
        MQXQH xqh = xqh(client, remoteQ, descriptor(CMQC.MQFMT_RF_HEADER_2, LINUX_ENCODING, UTF8, false,
                CMQC.MQEI_UNLIMITED));
        MQRFH2 rfh2 = new MQRFH2();
        rfh2.setEncoding(LINUX_ENCODING);
        rfh2.setCodedCharSetId(UTF8);
        rfh2.setFormat(CMQC.MQFMT_NONE);
        rfh2.setNameValueCCSID(UTF8);
        rfh2.setFieldValue("mqps", "Top", topicString);
        return write(xqh, rfh2, payload);
    }

    /**
     * A publication that a device subscription put on the transmission queue (MQSUB with the destination
     * SYSTEM.MQTT.PUBLICATION.QUEUE on queue manager {@code client}): RemoteQName is that queue, the RFH2
     * mqps folder has the topic string (Top) and the subscription's user data (Sud).
     */
    public static byte[] subscriptionPublication(String client, String topicString, String userData, byte[] payload,
                                                 boolean persistent) throws IOException {
        MQXQH xqh = xqh(client, "SYSTEM.MQTT.PUBLICATION.QUEUE", descriptor(CMQC.MQFMT_RF_HEADER_2, LINUX_ENCODING,
                UTF8, persistent, CMQC.MQEI_UNLIMITED));
        MQRFH2 rfh2 = new MQRFH2();
        rfh2.setEncoding(LINUX_ENCODING);
        rfh2.setCodedCharSetId(UTF8);
        rfh2.setFormat(CMQC.MQFMT_NONE);
        rfh2.setNameValueCCSID(UTF8);
        rfh2.setFieldValue("mqps", "Top", topicString);
        if (userData != null) {
            rfh2.setFieldValue("mqps", "Sud", userData);
        }
        return write(xqh, rfh2, payload);
    }

    private static byte[] write(MQXQH xqh, MQRFH2 rfh2, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        // The queue manager writes the MQXQH in its own encoding; what follows in the encoding the
        // embedded descriptor names.
        xqh.write(out, LINUX_ENCODING, ISO8859_1);
        rfh2.write(out, xqh.getMsgDesc().getEncoding(), xqh.getMsgDesc().getCodedCharSetId());
        out.write(payload);
        return bytes.toByteArray();
    }
}
