package org.telemetrybridge.backend.ibmmq;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQRFH2;
import com.ibm.mq.jakarta.jms.MQQueue;
import com.ibm.msg.client.jakarta.jms.JmsDestination;
import com.ibm.msg.client.jakarta.wmq.WMQConstants;

import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.Publication;

/**
 * A device publication in MQ Telemetry's form ({@link PublicationForm#MQ_TELEMETRY}): an MQRFH2 with one
 * folder, {@code mqtt} (clientId, qos), then the payload byte-exact; MQMD Format MQHRF2, CCSID 1208. IBM:
 * "an MQTT publication is received as a jms-bytes message. The message includes an MQRFH2 folder containing
 * an &lt;mqtt&gt;, and an &lt;mqps&gt; folder. The &lt;mqtt&gt; folder contains the clientId, msgId, and qos"
 * ("Publications", https://www.ibm.com/docs/SSFKSJ_9.4.0/develop/q029080_.html); MQMD CCSID 1208, RFH2
 * CCSID MQCCSI_INHERIT, Format MQFMT_NONE ("MQ Telemetry globalization"). The queue manager adds
 * {@code mqps} itself when it delivers a publication; msgId (the MQTT packet identifier) does not reach
 * the backend and is left out.
 *
 * <p>The folder carries {@code content='properties'}, so the queue manager takes its fields as message
 * properties {@code mqtt.clientId} and {@code mqtt.qos} ("Supported MQRFH2 folders": a folder so marked is
 * a property folder like {@code mq_usr}; an unmarked unknown folder stays name/value data in the message
 * body). None of them has the prefix mcd., jms., usr. or mqext., so a plain MQGET under PROPCTL(COMPAT)
 * gets the bare payload, while MQINQMP or PROPCTL(ALL) still show them.
 *
 * <p>The destination it is sent to has WMQ_MESSAGE_BODY=MQ (MSGBODY(MQ)), so MQ classes for JMS add no
 * MQRFH2 of their own and the body goes as it is ("Accessing IBM MQ Message data from an application using
 * IBM MQ classes for JMS", https://www.ibm.com/support/knowledgecenter/SSFKSJ_8.0.0/com.ibm.mq.dev.doc/q032360_.html).
 */
public final class MqTelemetryPublication {

    /** The folder MQ Telemetry wrote, and its fields. */
    static final String FOLDER = "mqtt";
    static final String CLIENT_ID = "clientId";
    static final String QOS = "qos";
    /** Correlation data that does not fit a CorrelId whole (longer than 24 bytes, or ending in 0x00). */
    static final String CORRELATION_DATA = "correlationData";
    /** A response topic that does not fit ReplyToQ (longer than 48 bytes). */
    static final String RESPONSE_TOPIC = "responseTopic";

    /** MQENC_NATIVE as MQ classes for Java write it (big-endian integers): the RFH2's own integers. */
    static final int ENCODING = CMQC.MQENC_NATIVE;
    static final int UTF8 = 1208;

    private MqTelemetryPublication() {
    }

    /** The message body: MQRFH2 ({@code mqtt} folder; Format MQFMT_NONE, CCSID inherited) and the payload. */
    static byte[] body(Publication publication) {
        try {
            MQRFH2 rfh2 = new MQRFH2();
            rfh2.setEncoding(ENCODING);
            MessageProperties properties = publication.properties();
            if (properties.utf8()) {
                // Payload Format Indicator 1: text in UTF-8, which MQ may convert for an MQGET with MQGMO_CONVERT.
                rfh2.setCodedCharSetId(UTF8);
                rfh2.setFormat(CMQC.MQFMT_STRING);
            } else {
                rfh2.setCodedCharSetId(CMQC.MQCCSI_INHERIT);
                rfh2.setFormat(CMQC.MQFMT_NONE);
            }
            rfh2.setNameValueCCSID(UTF8);
            rfh2.getFolder(FOLDER, true).setAttributeValue("content", "properties");
            rfh2.setFieldValue(FOLDER, CLIENT_ID, publication.originClientId());
            rfh2.setIntFieldValue(FOLDER, QOS, publication.qos());
            // What the MQMD cannot hold whole is kept here, so no property is lost to MQINQMP readers.
            byte[] correlation = properties.correlationData();
            if (correlation != null && !MqmdProperties.fitsCorrelId(correlation)) {
                rfh2.setFieldValue(FOLDER, CORRELATION_DATA, correlation);
            }
            if (properties.responseTopic() != null && !MqmdProperties.fitsReplyToQ(properties.responseTopic())) {
                rfh2.setFieldValue(FOLDER, RESPONSE_TOPIC, properties.responseTopic());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(rfh2.size() + publication.payload().length);
            DataOutputStream out = new DataOutputStream(bytes);
            rfh2.write(out, ENCODING, UTF8);
            out.write(publication.payload());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MQRFH2 of a publication", e); // in memory: never
        }
    }

    /** The publication as a BytesMessage for a {@link #destination} topic; its MQMD describes the RFH2. */
    static BytesMessage toMessage(Session session, Publication publication) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body(publication));
        message.setStringProperty(WMQConstants.JMS_IBM_FORMAT, CMQC.MQFMT_RF_HEADER_2);
        message.setIntProperty(WMQConstants.JMS_IBM_ENCODING, ENCODING);
        message.setIntProperty(WMQConstants.JMS_IBM_CHARACTER_SET, UTF8);
        describe(message, publication);
        return message;
    }

    /**
     * The MQMD fields of the MQTT 5 properties, through the JMS header fields MQ classes for JMS write to
     * the MQMD also under MSGBODY(MQ) ("Mapping JMS fields onto IBM MQ fields (outgoing messages)"):
     * correlation data as the CorrelId (bytes, {@link MqmdProperties#correlId}) with Report
     * MQRO_PASS_CORREL_ID, so that a replier that follows MQ's report conventions copies it into its reply;
     * the response topic as ReplyToQ on ReplyToQMgr = the device's pseudo queue manager, so the reply comes
     * back through SYSTEM.MQTT.TRANSMIT.QUEUE to the device, on that topic. The Message Expiry Interval is
     * the send's time to live, which they write as MQMD Expiry in tenths of a second.
     */
    static void describe(Message message, Publication publication) throws JMSException {
        MessageProperties properties = publication.properties();
        if (properties.correlationData() != null) {
            message.setJMSCorrelationIDAsBytes(MqmdProperties.correlId(properties.correlationData()));
            message.setIntProperty(WMQConstants.JMS_IBM_REPORT_PASS_CORREL_ID, CMQC.MQRO_PASS_CORREL_ID);
        }
        String responseTopic = properties.responseTopic();
        if (responseTopic != null && MqmdProperties.fitsReplyToQ(responseTopic)) {
            message.setJMSReplyTo(new MQQueue(MqmdProperties.replyToQueueManager(publication.originClientId()),
                    responseTopic));
        }
    }

    /** The topic as a destination whose messages MQ classes for JMS put without an MQRFH2 of their own. */
    static Topic destination(Topic topic) throws JMSException {
        ((JmsDestination) topic).setIntProperty(WMQConstants.WMQ_MESSAGE_BODY, WMQConstants.WMQ_MESSAGE_BODY_MQ);
        return topic;
    }
}
