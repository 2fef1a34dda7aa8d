package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.Message;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQMD1;
import com.ibm.mq.headers.MQRFH2;
import com.ibm.mq.headers.MQXQH;
import com.ibm.mq.jakarta.jms.MQQueue;
import com.ibm.msg.client.jakarta.wmq.WMQConstants;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.jms.TransmitMessage;
import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.Publication;

/**
 * MQTT 5 properties and the MQMD, both ways, with the headers built and read by IBM's own classes
 * ({@code com.ibm.mq.headers}): what the drain hands a v5 session from a message an MQ application put, and
 * what a device publication in MQ Telemetry's form carries in its MQMD and RFH2.
 */
class MqmdPropertiesTest {

    private static final byte[] TEXT = "21.5 °C".getBytes(StandardCharsets.UTF_8);

    /** MQXQH with the given descriptor, then the data, as a Linux queue manager writes it. */
    private static byte[] mqi(MQMD1 descriptor, byte[] payload) throws Exception {
        MQXQH xqh = IbmHeaderFixtures.xqh("DEV1", "cmd/set", descriptor);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        xqh.write(out, IbmHeaderFixtures.LINUX_ENCODING, IbmHeaderFixtures.ISO8859_1);
        out.write(payload);
        return bytes.toByteArray();
    }

    private static MQMD1 request(String format, int ccsid) {
        MQMD1 md = IbmHeaderFixtures.descriptor(format, IbmHeaderFixtures.LINUX_ENCODING, ccsid, true, 600);
        md.setCorrelId(Arrays.copyOf("req-7".getBytes(StandardCharsets.US_ASCII), 24));
        md.setReplyToQ("resp/dev1");
        md.setReplyToQMgr("QM1");
        return md;
    }

    @Test
    void anMqiRequestInUtf8GivesFormatOneExpiryCorrelationDataAndResponseTopic() throws Exception {
        TransmitMessage message = TransmitQueueDecoder.decode(mqi(request(CMQC.MQFMT_STRING, 1208), TEXT));

        MessageProperties v5 = message.mqtt5();
        assertThat(v5.utf8()).isTrue();
        // Expiry 600 tenths from PutDate/PutTime 2026-11-26 08:30:12.50 GMT.
        assertThat(v5.expiresAt()).isEqualTo(java.time.Instant.parse("2026-11-26T08:31:12.500Z").toEpochMilli())
                .isEqualTo(message.expiryMillis());
        assertThat(v5.correlationData()).isEqualTo("req-7".getBytes(StandardCharsets.US_ASCII));
        assertThat(v5.responseTopic()).isEqualTo("resp/dev1");
        assertThat(message.payload()).isEqualTo(TEXT);
    }

    @Test
    void onlyMqstrInCcsid1208ThatIsUtf8IndeedIsPayloadFormatOne() throws Exception {
        assertThat(TransmitQueueDecoder.decode(mqi(request(CMQC.MQFMT_NONE, 1208), TEXT)).mqtt5().utf8()).isFalse();
        assertThat(TransmitQueueDecoder.decode(mqi(request(CMQC.MQFMT_STRING, 819), TEXT)).mqtt5().utf8()).isFalse();
        byte[] notUtf8 = {'a', (byte) 0xc3, 0x28};
        TransmitMessage message = TransmitQueueDecoder.decode(mqi(request(CMQC.MQFMT_STRING, 1208), notUtf8));
        assertThat(message.mqtt5().utf8()).isFalse();
        assertThat(message.payload()).isEqualTo(notUtf8); // never converted, as MQ Telemetry converted nothing
    }

    @Test
    void noCorrelIdNoReplyToAndNoExpiryGiveNoProperties() throws Exception {
        MQMD1 md = IbmHeaderFixtures.descriptor(CMQC.MQFMT_NONE, IbmHeaderFixtures.LINUX_ENCODING, 1208, false,
                CMQC.MQEI_UNLIMITED);

        assertThat(TransmitQueueDecoder.decode(mqi(md, TEXT)).mqtt5().isEmpty()).isTrue();
    }

    @Test
    void aCorrelIdTheQueueManagerGeneratedForASubscriptionIsNoCorrelationData() throws Exception {
        MQMD1 md = request(CMQC.MQFMT_STRING, 1208);
        byte[] generated = Arrays.copyOf("AMQX".getBytes(StandardCharsets.US_ASCII), 24);
        generated[10] = 0x7f;
        md.setCorrelId(generated);

        assertThat(TransmitQueueDecoder.decode(mqi(md, TEXT)).mqtt5().correlationData()).isNull();
        assertThat(MqmdProperties.subscriptionCorrelId(new byte[] {(byte) 0xC3, (byte) 0xE2, (byte) 0xD8, (byte) 0xD4}))
                .isTrue(); // CSQM in EBCDIC (z/OS)
    }

    @Test
    void anMqJmsApplicationsRfh2WinsOverTheMqmdAndItsUserPropertiesBecomeUserProperties() throws Exception {
        MQMD1 md = IbmHeaderFixtures.descriptor(CMQC.MQFMT_RF_HEADER_2, IbmHeaderFixtures.LINUX_ENCODING, 1208, true,
                CMQC.MQEI_UNLIMITED);
        md.setCorrelId(Arrays.copyOf("order-42".getBytes(StandardCharsets.UTF_8), 24));
        md.setReplyToQ(" ");
        MQRFH2 rfh2 = new MQRFH2();
        rfh2.setEncoding(IbmHeaderFixtures.LINUX_ENCODING);
        rfh2.setCodedCharSetId(1208);
        rfh2.setFormat(CMQC.MQFMT_STRING);
        rfh2.setNameValueCCSID(1208);
        rfh2.setFieldValue("mcd", "Msd", "jms_text");
        rfh2.setFieldValue("mcd", "Type", "application/json");
        rfh2.setFieldValue("jms", "Cid", "order-42-and-more-than-24-bytes");
        rfh2.setFieldValue("jms", "Rto", "topic://replies/dev1");
        rfh2.setFieldValue("usr", "origin", "dispatcher");
        rfh2.setIntFieldValue("usr", "attempt", 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        IbmHeaderFixtures.xqh("DEV1", "cmd/set", md).write(out, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.ISO8859_1);
        rfh2.write(out, IbmHeaderFixtures.LINUX_ENCODING, 1208);
        out.write(TEXT);

        MessageProperties v5 = TransmitQueueDecoder.decode(bytes.toByteArray()).mqtt5();

        assertThat(new String(v5.correlationData(), StandardCharsets.UTF_8)).isEqualTo("order-42-and-more-than-24-bytes");
        assertThat(v5.responseTopic()).isEqualTo("replies/dev1");
        assertThat(v5.contentType()).isEqualTo("application/json");
        assertThat(v5.utf8()).isTrue();
        assertThat(v5.userProperties()).containsExactlyInAnyOrder(
                new MessageProperties.UserProperty("origin", "dispatcher"),
                new MessageProperties.UserProperty("attempt", "3"));
    }

    @Test
    void correlIdRuleShortDataIsPaddedLongDataCutAndTrailingPaddingRemovedOnTheWayBack() {
        byte[] shortData = {1, 2, 3};
        assertThat(MqmdProperties.correlId(shortData)).hasSize(24).startsWith(1, 2, 3).endsWith(0, 0);
        assertThat(MqmdProperties.correlationData(MqmdProperties.correlId(shortData))).isEqualTo(shortData);
        assertThat(MqmdProperties.fitsCorrelId(shortData)).isTrue();

        byte[] longData = new byte[30];
        Arrays.fill(longData, (byte) 7);
        assertThat(MqmdProperties.correlId(longData)).hasSize(24).containsOnly(7);
        assertThat(MqmdProperties.fitsCorrelId(longData)).isFalse();
        assertThat(MqmdProperties.fitsCorrelId(new byte[] {1, 0})).isFalse(); // its 0x00 would be taken for padding
        assertThat(MqmdProperties.correlationData(CMQC.MQCI_NONE)).isNull();
    }

    // --- device to MQ, MQ Telemetry's form ---------------------------------------------------------

    private static Publication v5(byte[] payload, MessageProperties properties) {
        return new Publication("plant/boiler/1", payload, 1, false, "DEV1", properties);
    }

    private static MQRFH2 rfh2(Publication publication) throws Exception {
        return new MQRFH2(new DataInputStream(new ByteArrayInputStream(MqTelemetryPublication.body(publication))),
                MqTelemetryPublication.ENCODING, 1208);
    }

    @Test
    void payloadFormatOneIsMqstrInCcsid1208AndOtherwiseMqfmtNoneInherited() throws Exception {
        MQRFH2 text = rfh2(v5(TEXT, new MessageProperties(0, null, true, null, null, List.of())));
        MQRFH2 bytes = rfh2(v5(TEXT, MessageProperties.NONE));

        assertThat(text.getFormat()).isEqualTo(CMQC.MQFMT_STRING);
        assertThat(text.getCodedCharSetId()).isEqualTo(1208);
        assertThat(bytes.getFormat()).isEqualTo(CMQC.MQFMT_NONE);
        assertThat(bytes.getCodedCharSetId()).isEqualTo(CMQC.MQCCSI_INHERIT);
    }

    @Test
    void whatTheMqmdCannotHoldWholeIsKeptInTheMqttFolder() throws Exception {
        byte[] longCorrelation = new byte[40];
        Arrays.fill(longCorrelation, (byte) 0xAB);
        String longTopic = "replies/" + "x".repeat(60);
        MQRFH2 lossy = rfh2(v5(TEXT, new MessageProperties(0, null, false, longTopic, longCorrelation, List.of())));
        MQRFH2 fits = rfh2(v5(TEXT, new MessageProperties(0, null, false, "r/1", new byte[] {1, 2}, List.of())));

        assertThat(lossy.getBytesFieldValue("mqtt", MqTelemetryPublication.CORRELATION_DATA)).isEqualTo(longCorrelation);
        assertThat(lossy.getStringFieldValue("mqtt", MqTelemetryPublication.RESPONSE_TOPIC)).isEqualTo(longTopic);
        assertThat(fits.getFieldValue("mqtt", MqTelemetryPublication.CORRELATION_DATA)).isNull();
        assertThat(fits.getFieldValue("mqtt", MqTelemetryPublication.RESPONSE_TOPIC)).isNull();
    }

    @Test
    void correlationDataBecomesTheCorrelIdWithPassCorrelIdAndTheResponseTopicTheReplyToQueueOnTheDevice()
            throws Exception {
        Map<String, Object> set = new HashMap<>();
        Message message = (Message) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Message.class},
                (proxy, method, args) -> {
                    set.put(method.getName().equals("setIntProperty") ? (String) args[0] : method.getName(),
                            method.getName().equals("setIntProperty") ? args[1] : args[0]);
                    return null;
                });

        MqTelemetryPublication.describe(message, new Publication("t", TEXT, 1, false, "dev-1:a",
                new MessageProperties(0, null, false, "resp/dev1", new byte[] {9, 8, 7}, List.of())));

        assertThat((byte[]) set.get("setJMSCorrelationIDAsBytes")).hasSize(24).startsWith(9, 8, 7);
        assertThat(set).containsEntry(WMQConstants.JMS_IBM_REPORT_PASS_CORREL_ID, CMQC.MQRO_PASS_CORREL_ID);
        MQQueue replyTo = (MQQueue) set.get("setJMSReplyTo");
        assertThat(replyTo.getBaseQueueName()).isEqualTo("resp/dev1");
        // A client id that is no queue manager name is reached by its derived name (bridge.client-id.rule=derived).
        assertThat(replyTo.getBaseQueueManagerName()).startsWith("dev_1_a.").hasSizeLessThanOrEqualTo(48);

        set.clear();
        MqTelemetryPublication.describe(message, v5(TEXT, MessageProperties.NONE));
        assertThat(set).isEmpty();
    }
}
