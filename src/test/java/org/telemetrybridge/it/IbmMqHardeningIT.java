package org.telemetrybridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQDLH;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.ibmmq.MqTelemetryFacts;
import org.telemetrybridge.backend.ibmmq.QueueManagerFacts;
import org.telemetrybridge.backend.ibmmq.QueueManagerInquiry;
import org.telemetrybridge.backend.ibmmq.QueueManagerLimits;

/**
 * Issue 14's day-one defects, end to end against a real IBM MQ queue manager set up with the shipped
 * mqsc/ scripts: more topics than MAXHANDS, a transmission message whose MQXQH is broken, the start-up
 * inquiry's PCF requests ({@link IbmMqEndToEnd}: {@code ./mvnw verify -Pibmmq-it}).
 */
class IbmMqHardeningIT extends IbmMqEndToEnd {

    /** MQ's default MAXHANDS is 256: the bridge's cached topic handles stay under it (else MQRC 2017). */
    @Test
    void publicationsToMoreTopicsThanMaxHandsAllArrive() throws Exception {
        int topics = 300;
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer subscriber = session.createConsumer(session.createTopic(run + "/many/#"));
        Mqtt3BlockingClient device = device("TBITMANY");
        for (int i = 0; i < topics; i++) {
            device.publishWith().topic(run + "/many/" + i).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).send();
        }
        Set<String> received = new HashSet<>();
        for (int i = 0; i < topics; i++) {
            Message message = subscriber.receive(30_000);
            assertThat(message).as("publication " + i + " of " + topics).isNotNull();
            received.add(((jakarta.jms.Topic) message.getJMSDestination()).getTopicName());
        }
        assertThat(received).hasSize(topics);
        device.disconnect();
    }

    /**
     * A message on the transmission queue that starts like an MQXQH but is cut short is dead-lettered with
     * an MQDLH (reason MQFB_XMIT_Q_MSG_ERROR, the data as it was), and the messages behind it are delivered.
     */
    @Test
    void aTransmissionMessageWithABrokenHeaderIsDeadLetteredAndTheQueueMovesOn() throws Exception {
        QueueManagerFacts facts = QueueManagerInquiry.inquire(properties.toSettings());
        byte[] broken = ("XQH " + run).getBytes(StandardCharsets.US_ASCII);
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        BytesMessage poison = session.createBytesMessage();
        poison.writeBytes(broken);
        session.createProducer(session.createQueue("queue:///SYSTEM.MQTT.TRANSMIT.QUEUE?targetClient=1"))
                .send(poison);

        String clientId = "TBIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Mqtt3BlockingClient device = device(clientId);
        try (var publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            BytesMessage after = session.createBytesMessage();
            after.writeBytes("after".getBytes(StandardCharsets.UTF_8));
            session.createProducer(session.createQueue("queue://" + clientId + "/cmd/after")).send(after);
            Mqtt3Publish publish = publishes.receive(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(publish.getTopic()).hasToString("cmd/after");
        }
        device.disconnect();

        QueueBrowser deadLetters = session.createBrowser(session.createQueue("queue:///" + facts.deadLetterQueue()
                + "?targetClient=1"));
        boolean found = false;
        for (Object each : Collections.list(deadLetters.getEnumeration())) {
            if (!(each instanceof BytesMessage letter)) {
                continue;
            }
            byte[] body = new byte[(int) letter.getBodyLength()];
            letter.readBytes(body);
            if (body.length <= broken.length || !Arrays.equals(Arrays.copyOfRange(body, body.length - broken.length,
                    body.length), broken)) {
                continue;
            }
            MQDLH dlh = new MQDLH(new DataInputStream(new ByteArrayInputStream(body)),
                    letter.getIntProperty("JMS_IBM_Encoding"), letter.getIntProperty("JMS_IBM_Character_Set"));
            assertThat(dlh.getReason()).isEqualTo(CMQC.MQFB_XMIT_Q_MSG_ERROR);
            found = true;
        }
        assertThat(found).as("the broken message on " + facts.deadLetterQueue()).isTrue();
    }

    /** Every PCF request of the start-up checks and doctor is one the queue manager answers. */
    @Test
    void everyStartUpInquiryIsAnswered() throws Exception {
        QueueManagerFacts facts = QueueManagerInquiry.inquire(properties.toSettings());

        assertThat(facts.transmitQueueAuthorities()).as("Inquire Entity Authority").isNotNull();
        assertThat(facts.limits()).isNotEqualTo(QueueManagerLimits.NOT_INQUIRED);
        assertThat(facts.limits().maxHandles()).isNotNull();
        assertThat(facts.limits().sharingConversations()).as("Inquire Channel").isNotNull();
        assertThat(facts.mqTelemetry()).as("Inquire Service").isNotSameAs(MqTelemetryFacts.NOT_INQUIRED);
        assertThat(facts.bridgeQueues().heldQueueExists()).as("the shipped mqsc/ defines the held queue").isTrue();
        assertThat(facts.bridgeQueues().transmitQueueMaxMessageLength()).as("Inquire Queue MAXMSGL").isNotNull();
    }
}
