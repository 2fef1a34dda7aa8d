package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.ibm.mq.MQGetMessageOptions;
import com.ibm.mq.MQMessage;
import com.ibm.mq.MQPutMessageOptions;
import com.ibm.mq.MQQueue;
import com.ibm.mq.MQQueueManager;
import com.ibm.mq.constants.CMQC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.jms.TransmitMessage;
import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.Publication;

/**
 * MQTT 5 properties and the MQMD on a real queue manager, both ways: an MQ Telemetry-form publication with
 * payload format 1, expiry, correlation data and a response topic as an MQI subscriber gets it; and an MQI
 * request put to a device (queue {@code <topic>} on queue manager {@code <client>}) as the drain decodes it
 * from SYSTEM.MQTT.TRANSMIT.QUEUE. Runs with {@code ./mvnw verify -Pibmmq-it} and IBM_MQ_*; no bridge or MQ
 * Telemetry service may drain the transmission queue meanwhile.
 */
@EnabledIfEnvironmentVariable(named = "IBM_MQ_CONNNAME", matches = ".+")
class IbmMqMqtt5MappingIT {

    private static final byte[] TEXT = "21.5 °C".getBytes(StandardCharsets.UTF_8);
    private static final int WAIT_MILLIS = 10_000;

    private final String topic = "tbit/" + UUID.randomUUID().toString().substring(0, 8) + "/v5";
    private final String client = "TBIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    private IbmMqDialect dialect;
    private Connection bridge;
    private MQQueueManager mqi;

    @BeforeEach
    void connect() throws Exception {
        IbmMqSettings settings = IbmMqItSettings.fromEnvironment(Duration.ofMillis(500), PublicationForm.MQ_TELEMETRY,
                DeviceIdentity.BRIDGE);
        dialect = new IbmMqDialect(settings);
        bridge = dialect.connectionFactory().createConnection();
        bridge.start();
        mqi = QueueManagerInquiry.connect(settings);
    }

    @AfterEach
    void close() throws Exception {
        bridge.close();
        mqi.disconnect();
    }

    @Test
    void aVersion5PublicationReachesAnMqiSubscriberWithMqstrExpiryCorrelIdAndReplyTo() throws Exception {
        com.ibm.mq.MQTopic subscription = mqi.accessTopic(topic, null, CMQC.MQSO_CREATE | CMQC.MQSO_NON_DURABLE
                | CMQC.MQSO_MANAGED | CMQC.MQSO_FAIL_IF_QUIESCING, null, null);
        try {
            MessageProperties properties = new MessageProperties(System.currentTimeMillis() + 60_000, null, true,
                    "resp/" + client, "req-7".getBytes(StandardCharsets.US_ASCII), List.of());
            Session session = bridge.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Publication publication = new Publication(topic, TEXT, 1, false, client, properties);
            try (MessageProducer producer = session.createProducer(dialect.publicationTopic(session, topic))) {
                Message message = dialect.publicationMessage(session, publication, "it-origin");
                producer.send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 60_000);
            }
            session.close();

            MQGetMessageOptions gmo = new MQGetMessageOptions();
            gmo.options = CMQC.MQGMO_WAIT | CMQC.MQGMO_NO_SYNCPOINT | CMQC.MQGMO_PROPERTIES_COMPATIBILITY;
            gmo.waitInterval = WAIT_MILLIS;
            MQMessage got = new MQMessage();
            subscription.get(got, gmo);

            assertThat(got.format.trim()).isEqualTo(CMQC.MQFMT_STRING.trim());
            assertThat(got.characterSet).isEqualTo(1208);
            assertThat(got.expiry).isBetween(1, 600); // tenths of a second, counting down
            assertThat(got.correlationId).startsWith("req-7".getBytes(StandardCharsets.US_ASCII));
            assertThat(Arrays.copyOfRange(got.correlationId, 5, 24)).containsOnly(0);
            assertThat(got.report & CMQC.MQRO_PASS_CORREL_ID).isNotZero();
            assertThat(got.replyToQueueName.trim()).isEqualTo("resp/" + client);
            assertThat(got.replyToQueueManagerName.trim()).isEqualTo(client);
            byte[] data = new byte[got.getDataLength()];
            got.readFully(data);
            assertThat(data).isEqualTo(TEXT);
        } finally {
            subscription.close();
        }
    }

    @Test
    void anMqiRequestToTheDeviceGivesItsMqttPropertiesFromTheMqmd() throws Exception {
        MQQueue toDevice = mqi.accessQueue("cmd/set", CMQC.MQOO_OUTPUT | CMQC.MQOO_FAIL_IF_QUIESCING, client, null, null);
        MQMessage request = new MQMessage();
        request.format = CMQC.MQFMT_STRING;
        request.characterSet = 1208;
        request.expiry = 600;
        request.correlationId = Arrays.copyOf("req-8".getBytes(StandardCharsets.US_ASCII), 24);
        request.replyToQueueName = "APP.REPLY";
        request.write(TEXT);
        toDevice.put(request, new MQPutMessageOptions());
        toDevice.close();

        TransmitMessage decoded = take(request.messageId);

        MessageProperties v5 = decoded.mqtt5();
        assertThat(v5.utf8()).isTrue();
        assertThat(v5.correlationData()).isEqualTo("req-8".getBytes(StandardCharsets.US_ASCII));
        assertThat(v5.responseTopic()).isEqualTo("APP.REPLY");
        assertThat(v5.expiresAt()).isBetween(System.currentTimeMillis(), System.currentTimeMillis() + 61_000);
        assertThat(decoded.payload()).isEqualTo(TEXT);
    }

    /** The message put with this MsgId, got from the transmission queue and decoded as the drain does. */
    private TransmitMessage take(byte[] messageId) throws Exception {
        MQQueue transmit = mqi.accessQueue(MqObjectNames.TRANSMIT_QUEUE, CMQC.MQOO_INPUT_SHARED
                | CMQC.MQOO_FAIL_IF_QUIESCING);
        try {
            MQGetMessageOptions gmo = new MQGetMessageOptions();
            gmo.options = CMQC.MQGMO_WAIT | CMQC.MQGMO_NO_SYNCPOINT;
            gmo.matchOptions = CMQC.MQMO_MATCH_MSG_ID;
            gmo.waitInterval = WAIT_MILLIS;
            MQMessage message = new MQMessage();
            message.messageId = messageId;
            transmit.get(message, gmo);
            byte[] data = new byte[message.getDataLength()];
            message.readFully(data);
            return TransmitQueueDecoder.decode(data);
        } finally {
            transmit.close();
        }
    }
}
