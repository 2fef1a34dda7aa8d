package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQRFH2;
import com.ibm.mq.jakarta.jms.MQTopic;
import com.ibm.msg.client.jakarta.wmq.WMQConstants;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.session.port.Publication;

/**
 * The MQ Telemetry form of a device publication, read back with IBM's own MQRFH2 class as a queue
 * manager would parse it; and the dialect's choice of form, destination and shared-subscription consumer.
 * The JMS session and message are stand-ins recording what the dialect sets (no queue manager here).
 */
class MqTelemetryPublicationTest {

    /** Not UTF-8, with bytes that look like header text: must come back byte-exact. */
    private static final byte[] PAYLOAD = {(byte) 0xff, 0, 'R', 'F', 'H', ' ', (byte) 0xc3, 0x28, '<', '/'};

    private static Publication publication(String clientId, int qos) {
        return new Publication("plant/boiler/1", PAYLOAD, qos, false, clientId);
    }

    private static MQRFH2 header(byte[] body) throws Exception {
        return new MQRFH2(new DataInputStream(new ByteArrayInputStream(body)), MqTelemetryPublication.ENCODING,
                MqTelemetryPublication.UTF8);
    }

    @Test
    void theBodyIsAnRfh2WithOnlyTheMqttPropertyFolderThenThePayload() throws Exception {
        byte[] body = MqTelemetryPublication.body(publication("DEV1", 1));
        MQRFH2 rfh2 = header(body);

        assertThat(rfh2.getStrucId()).isEqualTo(CMQC.MQRFH_STRUC_ID);
        assertThat(rfh2.getVersion()).isEqualTo(CMQC.MQRFH_VERSION_2);
        assertThat(rfh2.getFormat()).isEqualTo(CMQC.MQFMT_NONE);
        assertThat(rfh2.getCodedCharSetId()).isEqualTo(CMQC.MQCCSI_INHERIT);
        assertThat(rfh2.getEncoding()).isEqualTo(CMQC.MQENC_NATIVE);
        assertThat(rfh2.getNameValueCCSID()).isEqualTo(1208);
        assertThat(rfh2.getStrucLength() % 4).isZero();
        assertThat(Arrays.stream(rfh2.getFolders()).map(MQRFH2.Element::getName)).containsExactly("mqtt");
        MQRFH2.Element mqtt = rfh2.getFolder("mqtt", false);
        assertThat(mqtt.getAttributeValue("content")).isEqualTo("properties");
        assertThat(rfh2.getStringFieldValue("mqtt", "clientId")).isEqualTo("DEV1");
        assertThat(rfh2.getIntFieldValue("mqtt", "qos")).isEqualTo(1);
        assertThat(Arrays.copyOfRange(body, rfh2.getStrucLength(), body.length)).isEqualTo(PAYLOAD);
    }

    @Test
    void aClientIdWithXmlCharactersAndQos0ComeBackAsTheyWere() throws Exception {
        MQRFH2 rfh2 = header(MqTelemetryPublication.body(publication("a<b&c>'\"é", 0)));

        assertThat(rfh2.getStringFieldValue("mqtt", "clientId")).isEqualTo("a<b&c>'\"é");
        assertThat(rfh2.getIntFieldValue("mqtt", "qos")).isZero();
    }

    @Test
    void theDestinationCarriesMessageBodyMqSoTheJmsClientAddsNoRfh2() throws Exception {
        Topic destination = MqTelemetryPublication.destination(new MQTopic("plant/boiler/1"));

        assertThat(((MQTopic) destination).getMessageBodyStyle()).isEqualTo(WMQConstants.WMQ_MESSAGE_BODY_MQ);
        assertThat(new MQTopic("plant/boiler/1").getMessageBodyStyle())
                .isEqualTo(WMQConstants.WMQ_MESSAGE_BODY_UNSPECIFIED);
    }

    @Test
    void inTheMqTelemetryFormTheDialectSendsTheRfh2BodyDescribedByTheMqmdAndNoJmsProperty() throws Exception {
        Recorder session = new Recorder();
        IbmMqDialect dialect = new IbmMqDialect(settings(PublicationForm.MQ_TELEMETRY));

        dialect.publicationMessage(session.session(), publication("DEV1", 2), "origin-1");
        Topic topic = dialect.publicationTopic(session.session(), "plant/boiler/1");

        assertThat(session.properties).containsOnly(Map.entry(WMQConstants.JMS_IBM_FORMAT, CMQC.MQFMT_RF_HEADER_2),
                Map.entry(WMQConstants.JMS_IBM_ENCODING, CMQC.MQENC_NATIVE),
                Map.entry(WMQConstants.JMS_IBM_CHARACTER_SET, 1208));
        assertThat(session.body.toByteArray()).isEqualTo(MqTelemetryPublication.body(publication("DEV1", 2)));
        assertThat(((MQTopic) topic).getMessageBodyStyle()).isEqualTo(WMQConstants.WMQ_MESSAGE_BODY_MQ);
    }

    @Test
    void inTheJmsFormTheDialectSendsTheJmsPropertiesAsBefore() throws Exception {
        Recorder session = new Recorder();
        IbmMqDialect dialect = new IbmMqDialect(settings(PublicationForm.JMS));

        dialect.publicationMessage(session.session(), publication("DEV1", 2), "origin-1");
        Topic topic = dialect.publicationTopic(session.session(), "plant/boiler/1");

        assertThat(session.properties).containsOnly(Map.entry(MessageMapping.QOS, 2),
                Map.entry(MessageMapping.CLIENT_ID, "DEV1"), Map.entry(MessageMapping.ORIGIN, "origin-1"));
        assertThat(session.body.toByteArray()).isEqualTo(PAYLOAD);
        assertThat(((MQTopic) topic).getMessageBodyStyle()).isEqualTo(WMQConstants.WMQ_MESSAGE_BODY_UNSPECIFIED);
    }

    @Test
    void sharedSubscriptionsLeaveOutOwnPublicationsByNoLocalInTheMqTelemetryFormBySelectorInTheJmsForm()
            throws Exception {
        Recorder session = new Recorder();
        Topic topic = new MQTopic("plant/#");

        new IbmMqDialect(settings(PublicationForm.MQ_TELEMETRY)).sharedConsumer(session.session(), topic, "o1");
        new IbmMqDialect(settings(PublicationForm.JMS)).sharedConsumer(session.session(), topic, "o1");

        assertThat(session.consumers).containsExactly(Arrays.asList(topic, null, true),
                List.of(topic, "mqtt_bridge IS NULL OR mqtt_bridge <> 'o1'"));
        assertThat(MessageMapping.isNotFrom((String) session.consumers.get(1).get(1))).isTrue();
    }

    static IbmMqSettings settings(PublicationForm form) {
        return new IbmMqSettings("QM1", "127.0.0.1(1)", "TBRIDGE.SVRCONN", "", "", "", "", "", null, "", null, "",
                "TelemetryBridge", 1000, Duration.ofMillis(200), null, form);
    }

    /** A JMS session that hands out one recording BytesMessage and records the consumers asked for. */
    static final class Recorder {
        final Map<String, Object> properties = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final List<List<Object>> consumers = new java.util.ArrayList<>();

        Session session() {
            BytesMessage message = (BytesMessage) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BytesMessage.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("set") && method.getName().endsWith("Property")) {
                            properties.put((String) args[0], args[1]);
                        } else if (method.getName().equals("writeBytes")) {
                            body.write((byte[]) args[0]);
                        } else {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "createBytesMessage" -> message;
                        case "createTopic" -> new MQTopic((String) args[0]);
                        case "createConsumer" -> {
                            consumers.add(Arrays.asList(args));
                            yield Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {MessageConsumer.class}, (p, m, a) -> null);
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
