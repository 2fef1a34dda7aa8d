package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import com.ibm.mq.MQQueueManager;
import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.pcf.PCFException;
import com.ibm.mq.headers.pcf.PCFMessage;
import com.ibm.mq.headers.pcf.PCFMessageAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.util.backoff.FixedBackOff;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.jms.TransmitMessage;

/**
 * Persistent sessions' subscriptions on a real queue manager, without a bridge draining the transmission
 * queue: subscribe, publish from MQ, and find the publication on SYSTEM.MQTT.TRANSMIT.QUEUE addressed to
 * the client with its topic and the subscription's QoS; a subscription made as MQ Telemetry made it
 * (Create Subscription with DEST/DESTQMGR, no user data) taken over. Runs with {@code ./mvnw verify
 * -Pibmmq-it} and IBM_MQ_QUEUEMANAGER, IBM_MQ_CONNNAME, IBM_MQ_CHANNEL, IBM_MQ_USER, IBM_MQ_PASSWORD; no
 * bridge or MQ Telemetry service may drain the transmission queue meanwhile. The queue manager must be set
 * up with the shipped mqsc/ scripts.
 */
@EnabledIfEnvironmentVariable(named = "IBM_MQ_CONNNAME", matches = ".+")
class IbmMqDeviceSubscriptionsIT {

    private final String run = "tbit/" + UUID.randomUUID().toString().substring(0, 8);
    private final String client = "TBIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    private IbmMqSettings settings;
    private QueueManagerSubscriptions subscriptions;
    private Connection jms;

    @BeforeEach
    void connect() throws Exception {
        settings = IbmMqItSettings.fromEnvironment(Duration.ofMillis(200), PublicationForm.JMS, DeviceIdentity.BRIDGE);
        subscriptions = new QueueManagerSubscriptions(settings, new FixedBackOff(1000, 3));
        jms = new IbmMqDialect(settings).connectionFactory().createConnection();
        jms.start();
    }

    @AfterEach
    void close() throws Exception {
        subscriptions.unsubscribe(client, run + "/down/#");
        subscriptions.close();
        jms.close();
    }

    @Test
    void publicationForADeviceSubscriptionLandsOnTheTransmissionQueueAddressedToTheClient() throws Exception {
        subscriptions.subscribe(client, client, run + "/down/#", 1);
        assertThat(subscriptions.of(client)).isEqualTo(Map.of(run + "/down/#", 1));
        assertThat(subscriptions.clientIds()).contains(client);

        publish(run + "/down/boiler", "21.5", true);

        TransmitMessage message = takeFromTransmitQueue();
        assertThat(message.targetClientId()).isEqualTo(client);
        assertThat(message.topic()).isEqualTo(run + "/down/boiler");
        assertThat(message.subscriptionQos()).isEqualTo(1);
        assertThat(message.properties()).as("the filter from mqps Sud, for Subscription Identifiers")
                .containsEntry(org.telemetrybridge.backend.jms.MessageMapping.SUBSCRIPTION, run + "/down/#");
        assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        assertThat(message.persistent()).isTrue();
    }

    @Test
    void subscribingAgainChangesTheQosAndUnsubscribingRemovesIt() {
        subscriptions.subscribe(client, client, run + "/down/#", 0);
        subscriptions.subscribe(client, client, run + "/down/#", 2); // [MQTT-3.8.4-3] replaces

        assertThat(subscriptions.of(client)).isEqualTo(Map.of(run + "/down/#", 2));
        assertThat(subscriptions.unsubscribe(client, run + "/down/#")).isTrue();
        assertThat(subscriptions.of(client)).isEmpty();
        assertThat(subscriptions.unsubscribe(client, run + "/down/#")).isFalse();
    }

    /**
     * A client id that is not a valid queue manager name subscribes with its derived name as the destination's
     * queue manager (bridge.client-id.rule=derived); unsubscribing resumes the subscription with that same
     * destination, as MQSUB requires.
     */
    @Test
    void aClientWithADerivedQueueManagerNameCanUnsubscribe() {
        String uuidClient = UUID.randomUUID().toString();
        String derived = org.telemetrybridge.session.ClientIdRule.derive(uuidClient);
        subscriptions.subscribe(uuidClient, derived, run + "/derived/#", 1);

        assertThat(subscriptions.of(uuidClient)).isEqualTo(Map.of(run + "/derived/#", 1));
        assertThat(subscriptions.unsubscribe(uuidClient, run + "/derived/#")).isTrue();
        assertThat(subscriptions.of(uuidClient)).isEmpty();
    }

    /** MQTT 5 No Local [MQTT-3.8.3-3]: the client's own publication is not put for it, another's is. */
    @Test
    void aNoLocalSubscriptionLeavesOutTheClientsOwnPublicationsAndCanBeTurnedOff() throws Exception {
        subscriptions.subscribe(client, client, run + "/down/#", 1, true);
        subscriptions.subscribe(client, client, run + "/down/#", 2, true); // same selector: only the QoS changes

        publishAs(client, run + "/down/own", "own");
        publishAs("OTHER", run + "/down/other", "other");

        TransmitMessage message = takeFromTransmitQueue();
        assertThat(message.topic()).isEqualTo(run + "/down/other");
        assertThat(message.subscriptionQos()).isEqualTo(2);

        subscriptions.subscribe(client, client, run + "/down/#", 1, false); // deleted and made again by MQSUB
        publishAs(client, run + "/down/own2", "own again");
        assertThat(takeFromTransmitQueue().topic()).isEqualTo(run + "/down/own2");
        assertThat(subscriptions.unsubscribe(client, run + "/down/#")).isTrue();
    }

    /** A device publication in the JMS form, carrying the publisher's client id as the bridge puts it. */
    private void publishAs(String publisher, String topic, String text) throws Exception {
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        message.setStringProperty(org.telemetrybridge.backend.jms.MessageMapping.CLIENT_ID, publisher);
        session.createProducer(session.createTopic(topic)).send(message, DeliveryMode.PERSISTENT, 4, 0);
        session.close();
    }

    /** MQ Telemetry's subscription (its name, destination, no bridge user data) is resumed, not duplicated. */
    @Test
    void subscriptionMadeAsMqTelemetryMadeItIsTakenOver() throws Exception {
        MQQueueManager admin = QueueManagerInquiry.connect(settings);
        PCFMessageAgent agent = new PCFMessageAgent(admin);
        try {
            PCFMessage create = new PCFMessage(CMQCFC.MQCMD_CREATE_SUBSCRIPTION);
            create.addParameter(CMQCFC.MQCACF_SUB_NAME, client + ":" + run + "/down/#");
            create.addParameter(CMQC.MQCA_TOPIC_STRING, run + "/down/#");
            create.addParameter(CMQCFC.MQCACF_DESTINATION, QueueManagerSubscriptions.PUBLICATION_QUEUE);
            create.addParameter(CMQCFC.MQCACF_DESTINATION_Q_MGR, client);
            create.addParameter(CMQCFC.MQIACF_WILDCARD_SCHEMA, CMQC.MQWS_TOPIC);
            try {
                agent.send(create);
            } catch (PCFException e) {
                assumeThat(e.getReason()).as("Create Subscription needs the user's authority to define it").isNegative();
            }
        } finally {
            agent.disconnect();
            admin.disconnect();
        }
        assertThat(subscriptions.of(client)).as("no user data: no cap").isEqualTo(Map.of(run + "/down/#", 2));

        subscriptions.subscribe(client, client, run + "/down/#", 1);
        publish(run + "/down/x", "y", false);

        assertThat(subscriptions.of(client)).isEqualTo(Map.of(run + "/down/#", 1));
        TransmitMessage message = takeFromTransmitQueue();
        assertThat(message.topic()).isEqualTo(run + "/down/x");
        assertThat(message.subscriptionQos()).isEqualTo(1);
        assertThat(message.persistent()).isFalse();
    }

    /**
     * The worst case for the publication's properties: an MQI publisher that sets none, so the publication
     * carries only the queue manager's mqps ones (Top, Sud), which PROPCTL(COMPAT) does not list.
     */
    @Test
    void publicationFromAnMqiPublisherWithoutPropertiesStillCarriesTopicAndQos() throws Exception {
        subscriptions.subscribe(client, client, run + "/down/#", 2);
        MQQueueManager publisher = QueueManagerInquiry.connect(settings);
        try {
            com.ibm.mq.MQTopic topic = publisher.accessTopic(run + "/down/mqi", null,
                    CMQC.MQTOPIC_OPEN_AS_PUBLICATION, CMQC.MQOO_OUTPUT | CMQC.MQOO_FAIL_IF_QUIESCING);
            com.ibm.mq.MQMessage message = new com.ibm.mq.MQMessage();
            message.format = CMQC.MQFMT_STRING;
            message.characterSet = 1208;
            message.persistence = CMQC.MQPER_PERSISTENT;
            message.write("plain".getBytes(StandardCharsets.UTF_8));
            topic.put(message);
            topic.close();
        } finally {
            publisher.disconnect();
        }

        TransmitMessage message = takeFromTransmitQueue();
        assertThat(message.topic()).isEqualTo(run + "/down/mqi");
        assertThat(message.subscriptionQos()).isEqualTo(2);
        assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("plain");
    }

    private void publish(String topic, String text, boolean persistent) throws Exception {
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        session.createProducer(session.createTopic(topic)).send(message,
                persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT, 4, 0);
        session.close();
    }

    /** The client's message from the transmission queue (browsed, then got by its message id), within 30 s. */
    private TransmitMessage takeFromTransmitQueue() throws Exception {
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = new IbmMqDialect(settings).transmitQueue(session);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                for (Enumeration<?> messages = session.createBrowser(queue).getEnumeration();
                     messages.hasMoreElements(); ) {
                    Message message = (Message) messages.nextElement();
                    TransmitMessage decoded = new IbmFormDecoder().decode(message);
                    if (decoded != null && client.equals(decoded.targetClientId())) {
                        try (MessageConsumer consumer = session.createConsumer(queue,
                                "JMSMessageID = '" + message.getJMSMessageID() + "'")) {
                            consumer.receive(5_000);
                        }
                        return decoded;
                    }
                }
                Thread.sleep(200);
            }
            throw new AssertionError("nothing for " + client + " on " + MqObjectNames.TRANSMIT_QUEUE + " in 30 s");
        } finally {
            session.close();
        }
    }
}
