package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;

/**
 * MQTT 5 properties mapped onto JMS and back (the table in docs/mqtt.md), between HiveMQ's MQTT 5
 * client and a JMS application on the embedded broker: expiry, user properties, content type,
 * payload format, and request/reply through the response topic and correlation data.
 */
class Mqtt5JmsMappingTest {

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data, Map.of());
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    private static Mqtt5BlockingClient connected(String clientId) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(bridge.mqttPort()).buildBlocking();
        client.connect();
        return client;
    }

    @Test
    void aDevicesPropertiesReachAJmsApplication() throws Exception {
        Mqtt5BlockingClient device = connected("MAPDEV1");
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageConsumer consumer = jms.session().createConsumer(jms.session().createTopic("map5/temp"));
            long before = System.currentTimeMillis();
            device.publishWith().topic("map5/temp").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("21.5 °C"))
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).contentType("text/plain")
                    .messageExpiryInterval(60).responseTopic("map5/replies").correlationData(new byte[] {(byte) 0xFF, 0, 1})
                    .userProperties().add("unit", "celsius").add("content-kind", "reading").add("unit", "°C")
                    .applyUserProperties().send();
            Message message = consumer.receive(10_000);
            assertThat(message).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) message).getText()).isEqualTo("21.5 °C");
            assertThat(message.getJMSType()).isEqualTo("text/plain");
            assertThat(((Topic) message.getJMSReplyTo()).getTopicName()).isEqualTo("map5/replies");
            // Not UTF-8: the bytes as ID: and hex, as a binary IBM MQ CorrelId reads.
            assertThat(message.getJMSCorrelationID()).isEqualTo("ID:ff0001");
            assertThat(message.getJMSExpiration()).isBetween(before + 59_000, System.currentTimeMillis() + 60_000);
            assertThat(message.getStringProperty("unit")).isEqualTo("celsius");
            // Not Java identifiers, or a second property of one name: the naming rule's encoded names.
            assertThat(message.getStringProperty("mqtt_u1_636f6e74656e742d6b696e64")).isEqualTo("reading");
            assertThat(message.getStringProperty("mqtt_u2_756e6974")).isEqualTo("°C");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void aBinaryPayloadWithoutFormatIndicatorStaysABytesMessage() throws Exception {
        Mqtt5BlockingClient device = connected("MAPDEV2");
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageConsumer consumer = jms.session().createConsumer(jms.session().createTopic("map5/raw"));
            device.publishWith().topic("map5/raw").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {(byte) 0xFF, 0})
                    .userProperties().add("k", "v").applyUserProperties().send();
            Message message = consumer.receive(10_000);
            assertThat(message).isInstanceOf(BytesMessage.class);
            assertThat(message.getJMSType()).isNull();
            assertThat(message.getJMSExpiration()).isZero();
        } finally {
            device.disconnect();
        }
    }

    @Test
    void aJmsApplicationAnswersADeviceRequestThroughTheResponseTopic() throws Exception {
        Mqtt5BlockingClient device = connected("MAPDEV3");
        byte[] correlation = {(byte) 0xCA, (byte) 0xFE, 0x00, 0x01};
        try (JmsClient jms = new JmsClient(bridge.jmsUrl());
             Mqtt5BlockingClient.Mqtt5Publishes answers = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.subscribeWith().topicFilter("map5/reply/MAPDEV3").qos(MqttQos.AT_LEAST_ONCE).send();
            MessageConsumer requests = jms.session().createConsumer(jms.session().createTopic("map5/request"));
            device.publishWith().topic("map5/request").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("status?"))
                    .responseTopic("map5/reply/MAPDEV3").correlationData(correlation).send();

            // The JMS application: answer to JMSReplyTo with the request's JMSCorrelationID.
            Message request = requests.receive(10_000);
            assertThat(request).isNotNull();
            MessageProducer producer = jms.session().createProducer(request.getJMSReplyTo());
            TextMessage reply = jms.session().createTextMessage("all well");
            reply.setJMSCorrelationID(request.getJMSCorrelationID());
            reply.setJMSType("text/plain");
            reply.setStringProperty("handledBy", "status-service");
            producer.send(reply, jakarta.jms.DeliveryMode.PERSISTENT, 4, 30_000);

            Mqtt5Publish answer = answers.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(answer.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("all well");
            assertThat(answer.getCorrelationData().map(MqttBytes::of).orElseThrow()).isEqualTo(correlation);
            assertThat(answer.getContentType().map(Object::toString)).hasValue("text/plain");
            assertThat(answer.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
            assertThat(answer.getUserProperties().asList()).extracting(Object::toString)
                    .contains(Mqtt5UserProperty.of("handledBy", "status-service").toString());
            // Sent with 30 s to live: the device sees what is left of it, never more [MQTT-3.3.2-6].
            assertThat(answer.getMessageExpiryInterval()).isPresent();
            assertThat(answer.getMessageExpiryInterval().getAsLong()).isBetween(1L, 30L);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void aMessageThatExpiresWhileItsSessionIsAwayIsNotDelivered() throws Exception {
        Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("MAPDEV4").serverHost("127.0.0.1")
                .serverPort(bridge.mqttPort()).buildBlocking();
        device.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        device.subscribeWith().topicFilter("map5/expiring").qos(MqttQos.AT_LEAST_ONCE).send();
        device.disconnect();
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageProducer producer = jms.session().createProducer(jms.session().createTopic("map5/expiring"));
            long sentAt = System.currentTimeMillis();
            producer.send(jms.session().createTextMessage("short-lived"), jakarta.jms.DeliveryMode.PERSISTENT, 4, 300);
            producer.send(jms.session().createTextMessage("lasting"), jakarta.jms.DeliveryMode.PERSISTENT, 4, 0);
            // The first one's 300 ms pass while the device is away.
            Awaitility.await("300 ms passed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> System.currentTimeMillis() > sentAt + 500);
        }
        try (Mqtt5BlockingClient.Mqtt5Publishes received = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            Mqtt5Publish first = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(first.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("lasting");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void devicesOfThisBridgeExchangePropertiesAsTheyAre() throws Exception {
        Mqtt5BlockingClient sender = connected("MAPDEV5");
        Mqtt5BlockingClient receiver = connected("MAPDEV6");
        try (Mqtt5BlockingClient.Mqtt5Publishes received = receiver.publishes(MqttGlobalPublishFilter.ALL)) {
            receiver.subscribeWith().topicFilter("map5/peer").send();
            sender.publishWith().topic("map5/peer").payload(bytes("hi")).userProperties().add("a b", "1")
                    .add("a b", "2").applyUserProperties().contentType("text/plain").send();
            Mqtt5Publish got = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(got.getUserProperties().asList()).extracting(Object::toString).containsExactly(
                    Mqtt5UserProperty.of("a b", "1").toString(), Mqtt5UserProperty.of("a b", "2").toString());
            assertThat(got.getContentType().map(Object::toString)).hasValue("text/plain");
        } finally {
            sender.disconnect();
            receiver.disconnect();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes of a read-only buffer. */
    private static final class MqttBytes {
        static byte[] of(java.nio.ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
    }
}
