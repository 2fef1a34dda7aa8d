package org.telemetrybridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.junit.jupiter.api.Test;

/**
 * End to end against a real IBM MQ queue manager ({@link IbmMqEndToEnd}: {@code ./mvnw verify -Pibmmq-it}):
 * publications both ways, point to point, a persistent session's subscription.
 */
class IbmMqSmokeIT extends IbmMqEndToEnd {

    @Test
    void mqttPublicationReachesJmsSubscriberByteExact() throws Exception {
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer subscriber = session.createConsumer(session.createTopic(run + "/up/#"));
        byte[] payload = {0, 1, (byte) 0xFE, 'x'};

        Mqtt3BlockingClient device = device("TBITPUB");
        device.publishWith().topic(run + "/up/temp").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();

        Message message = subscriber.receive(30_000);
        assertThat(message).isInstanceOf(BytesMessage.class);
        BytesMessage bytes = (BytesMessage) message;
        byte[] received = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(received);
        assertThat(received).isEqualTo(payload);
        assertThat(((jakarta.jms.Topic) message.getJMSDestination()).getTopicName()).isEqualTo(run + "/up/temp");
        device.disconnect();
    }

    @Test
    void jmsPublicationReachesMqttSubscriber() throws Exception {
        Mqtt3BlockingClient device = device("TBITSUB");
        device.subscribeWith().topicFilter(run + "/down/+").qos(MqttQos.AT_LEAST_ONCE).send();
        try (var publishes = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage text = session.createTextMessage("setpoint 21.5");
            session.createProducer(session.createTopic(run + "/down/boiler")).send(text);

            Mqtt3Publish publish = publishes.receive(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(publish.getTopic()).hasToString(run + "/down/boiler");
            assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("setpoint 21.5");
        }
        device.disconnect();
    }

    /** Needs the transmit-queue consumer (issue 3) in the build. */
    @Test
    void jmsSendToQueueAtClientIdReachesThatDevice() throws Exception {
        String clientId = "TBIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Mqtt3BlockingClient device = device(clientId);
        try (var publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage command = session.createBytesMessage();
            command.writeBytes("reboot".getBytes(StandardCharsets.UTF_8));
            session.createProducer(session.createQueue("queue://" + clientId + "/cmd/reboot")).send(command);

            Mqtt3Publish publish = publishes.receive(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(publish.getTopic()).hasToString("cmd/reboot");
            assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("reboot");
        }
        device.disconnect();
    }

    /**
     * A persistent session's subscription is an MQ subscription named ClientIdentifier:TopicFilter that
     * puts to SYSTEM.MQTT.TRANSMIT.QUEUE (QueueManagerSubscriptions): what is published while the device is
     * away waits there and is delivered when it returns [MQTT-3.1.2-4].
     */
    @Test
    void persistentSessionReceivesWhatWasPublishedWhileAway() throws Exception {
        String clientId = "TBIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Mqtt3BlockingClient device = Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(mqtt.port()).buildBlocking();
        device.connectWith().cleanSession(false).send();
        device.subscribeWith().topicFilter(run + "/away/#").qos(MqttQos.AT_LEAST_ONCE).send();
        device.disconnect();

        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createProducer(session.createTopic(run + "/away/valve")).send(session.createTextMessage("close"));

        try (var publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.connectWith().cleanSession(false).send();
            Mqtt3Publish publish = publishes.receive(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(publish.getTopic()).hasToString(run + "/away/valve");
            assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("close");
            assertThat(publish.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        }
        device.unsubscribeWith().topicFilter(run + "/away/#").send();
        device.disconnect();
    }
}
