package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.ibm.mq.MQGetMessageOptions;
import com.ibm.mq.MQMessage;
import com.ibm.mq.MQQueueManager;
import com.ibm.mq.constants.CMQC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.Publication;

/**
 * {@code ibm.mq.publication-form=mq-telemetry} on a real queue manager: what an MQI application, a JMS
 * application and the bridge's own shared subscription get of a device publication the bridge puts in MQ
 * Telemetry's form. Runs with {@code ./mvnw verify -Pibmmq-it} and IBM_MQ_QUEUEMANAGER, IBM_MQ_CONNNAME,
 * IBM_MQ_CHANNEL, IBM_MQ_USER, IBM_MQ_PASSWORD; the queue manager set up with the shipped mqsc/ scripts
 * (the user may subscribe under SYSTEM.BASE.TOPIC, SYSTEM.NDURABLE.MODEL.QUEUE left at PROPCTL(COMPAT)).
 */
@EnabledIfEnvironmentVariable(named = "IBM_MQ_CONNNAME", matches = ".+")
class IbmMqPublicationFormIT {

    private static final byte[] PAYLOAD = {(byte) 0xff, 0, 'R', 'F', 'H', ' ', '2', '1', '.', '5'};
    private static final int WAIT_MILLIS = 10_000;

    private final String topic = "tbit/" + UUID.randomUUID().toString().substring(0, 8) + "/boiler";
    private final String client = "TBIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    private IbmMqDialect dialect;
    private Connection bridge;
    private Connection application;
    private MQQueueManager mqi;

    @BeforeEach
    void connect() throws Exception {
        IbmMqSettings settings = IbmMqItSettings.fromEnvironment(Duration.ofMillis(500), PublicationForm.MQ_TELEMETRY,
                DeviceIdentity.BRIDGE);
        dialect = new IbmMqDialect(settings);
        bridge = dialect.connectionFactory().createConnection();
        bridge.start();
        application = dialect.connectionFactory().createConnection();
        application.start();
        mqi = QueueManagerInquiry.connect(settings);
    }

    @AfterEach
    void close() throws Exception {
        bridge.close();
        application.close();
        mqi.disconnect();
    }

    /** Publishes as PublisherWorker does, through the dialect's hooks, on the bridge's connection. */
    private void publish(Publication publication) throws Exception {
        Session session = bridge.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try (MessageProducer producer = session.createProducer(dialect.publicationTopic(session, publication.topic()))) {
            Message message = dialect.publicationMessage(session, publication, "it-origin");
            if (publication.retain()) {
                dialect.markRetained(message);
            }
            producer.send(message, publication.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT,
                    Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
        } finally {
            session.close();
        }
    }

    private static MQMessage get(com.ibm.mq.MQTopic subscription, int propertyOption) throws Exception {
        MQGetMessageOptions gmo = new MQGetMessageOptions();
        gmo.options = CMQC.MQGMO_WAIT | CMQC.MQGMO_FAIL_IF_QUIESCING | CMQC.MQGMO_NO_SYNCPOINT | propertyOption;
        gmo.waitInterval = WAIT_MILLIS;
        MQMessage message = new MQMessage();
        subscription.get(message, gmo);
        return message;
    }

    private static byte[] data(MQMessage message) throws Exception {
        byte[] data = new byte[message.getDataLength()];
        message.readFully(data);
        return data;
    }

    @Test
    void anMqiGetUnderCompatGetsTheBarePayloadAndTheMqttPropertiesStayReadableByHandle() throws Exception {
        com.ibm.mq.MQTopic subscription = mqi.accessTopic(topic, null, CMQC.MQSO_CREATE | CMQC.MQSO_NON_DURABLE
                | CMQC.MQSO_MANAGED | CMQC.MQSO_FAIL_IF_QUIESCING, null, null);
        try {
            publish(new Publication(topic, PAYLOAD, 1, false, client));
            publish(new Publication(topic, PAYLOAD, 1, false, client));

            MQMessage plain = get(subscription, CMQC.MQGMO_PROPERTIES_COMPATIBILITY);
            assertThat(plain.format.trim()).as("no RFH2 in front").isEqualTo(CMQC.MQFMT_NONE.trim());
            assertThat(plain.characterSet).isEqualTo(1208);
            assertThat(data(plain)).isEqualTo(PAYLOAD);

            MQMessage withHandle = get(subscription, CMQC.MQGMO_PROPERTIES_IN_HANDLE);
            assertThat(withHandle.getStringProperty("mqtt.clientId")).isEqualTo(client);
            assertThat(withHandle.getIntProperty("mqtt.qos")).isEqualTo(1);
            assertThat(data(withHandle)).isEqualTo(PAYLOAD);
        } finally {
            subscription.close();
        }
    }

    @Test
    void aJmsApplicationGetsTheBarePayloadAndTheBridgesSharedSubscriptionNotItsOwnPublication() throws Exception {
        Session own = bridge.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session other = application.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer shared = dialect.sharedConsumer(own, own.createTopic(topic), "it-origin");
        MessageConsumer jmsApplication = other.createConsumer(other.createTopic(topic));

        publish(new Publication(topic, PAYLOAD, 1, false, client));

        Message received = jmsApplication.receive(WAIT_MILLIS);
        assertThat(received).isInstanceOf(BytesMessage.class);
        assertThat(MessageMapping.payload(received)).isEqualTo(PAYLOAD);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(received.propertyExists(MessageMapping.CLIENT_ID)).isFalse();
        assertThat(shared.receive(2_000)).as("noLocal: the bridge's own publication").isNull();

        // The shared consumer does receive what another connection publishes.
        try (MessageProducer producer = other.createProducer(other.createTopic(topic))) {
            BytesMessage fromApplication = other.createBytesMessage();
            fromApplication.writeBytes(PAYLOAD);
            producer.send(fromApplication);
        }
        assertThat(MessageMapping.payload(shared.receive(WAIT_MILLIS))).isEqualTo(PAYLOAD);
        own.close();
        other.close();
    }

    @Test
    void aRetainedPublicationInTheMqTelemetryFormIsKeptAndClearedAsBefore() throws Exception {
        publish(new Publication(topic, PAYLOAD, 1, true, client));

        List<Delivery> retained = dialect.retained(topic, application);
        assertThat(retained).hasSize(1);
        assertThat(retained.get(0).payload()).isEqualTo(PAYLOAD);

        publish(new Publication(topic, new byte[0], 1, true, client)); // clears it (MQ 8.0.0.5+)
        assertThat(dialect.retained(topic, application)).isEmpty();
    }
}
