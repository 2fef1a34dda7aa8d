package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.flush.FlushConsolidationHandler;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;

/** Devices and JMS applications exchange messages through the bridge and its embedded broker. */
class MqttJmsBridgeTest {

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data);
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    private static Mqtt3BlockingClient device(String clientId) {
        return Devices.connected(bridge.mqttPort(), clientId);
    }

    @Test
    void devicePublicationReachesJmsTopicConsumerByteExact() throws Exception {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageConsumer consumer = jms.session().createConsumer(jms.session().createTopic("plant/boiler/temp"));
            Mqtt3BlockingClient device = device("BOILER1");
            device.publishWith().topic("plant/boiler/temp").payload(payload).qos(MqttQos.AT_LEAST_ONCE).send();

            Message message = consumer.receive(10_000);
            assertThat(message).isInstanceOf(BytesMessage.class);
            BytesMessage bytes = (BytesMessage) message;
            byte[] received = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(received);
            assertThat(received).isEqualTo(payload);
            assertThat(message.getJMSDeliveryMode()).as("QoS 1 is persistent").isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(message.getIntProperty("mqtt_qos")).isEqualTo(1);
            assertThat(message.getStringProperty("mqtt_clientid")).isEqualTo("BOILER1");
            device.disconnect();
        }
    }

    @Test
    void qosZeroPublicationIsNonPersistentAndJmsWildcardsUseMqttSyntax() throws Exception {
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageConsumer plus = jms.session().createConsumer(jms.session().createTopic("line/+/speed"));
            MessageConsumer hash = jms.session().createConsumer(jms.session().createTopic("line/#"));
            Mqtt3BlockingClient device = device("LINE4");
            device.publishWith().topic("line/4/speed").payload("12".getBytes()).qos(MqttQos.AT_MOST_ONCE).send();

            Message viaPlus = plus.receive(10_000);
            Message viaHash = hash.receive(10_000);
            assertThat(viaPlus).isNotNull();
            assertThat(viaHash).isNotNull();
            assertThat(viaPlus.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
            assertThat(((jakarta.jms.Topic) viaPlus.getJMSDestination()).getTopicName()).isEqualTo("line/4/speed");
            device.disconnect();
        }
    }

    @Test
    void jmsPublicationsReachEveryMatchingDevice() throws Exception {
        Mqtt3BlockingClient plus = device("DASH1");
        Mqtt3BlockingClient hash = device("DASH2");
        Mqtt3BlockingClient other = device("DASH3");
        try (Mqtt3BlockingClient.Mqtt3Publishes plusIn = plus.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt3BlockingClient.Mqtt3Publishes hashIn = hash.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt3BlockingClient.Mqtt3Publishes otherIn = other.publishes(MqttGlobalPublishFilter.ALL);
             JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            plus.subscribeWith().topicFilter("cmd/+/reboot").qos(MqttQos.AT_LEAST_ONCE).send();
            hash.subscribeWith().topicFilter("cmd/#").qos(MqttQos.AT_MOST_ONCE).send();
            other.subscribeWith().topicFilter("status/#").qos(MqttQos.AT_LEAST_ONCE).send();

            MessageProducer producer = jms.session().createProducer(jms.session().createTopic("cmd/DEV7/reboot"));
            BytesMessage bytes = jms.session().createBytesMessage();
            bytes.writeBytes(new byte[] {0, 1, 2, (byte) 0xff});
            producer.send(bytes, DeliveryMode.PERSISTENT, 4, 0);
            TextMessage text = jms.session().createTextMessage("grüß dich");
            producer.send(text, DeliveryMode.NON_PERSISTENT, 4, 0);

            Mqtt3Publish first = plusIn.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(first.getTopic().toString()).isEqualTo("cmd/DEV7/reboot");
            assertThat(first.getPayloadAsBytes()).containsExactly(0, 1, 2, 0xff);
            assertThat(first.getQos()).as("persistent, subscribed at 1").isEqualTo(MqttQos.AT_LEAST_ONCE);
            Mqtt3Publish second = plusIn.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(second.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("grüß dich");
            assertThat(second.getQos()).as("non-persistent").isEqualTo(MqttQos.AT_MOST_ONCE);

            Mqtt3Publish viaHash = hashIn.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(viaHash.getQos()).as("lowered to the subscription's QoS").isEqualTo(MqttQos.AT_MOST_ONCE);
            assertThat(hashIn.receive(10, TimeUnit.SECONDS)).isPresent();
            assertThat(otherIn.receive(500, TimeUnit.MILLISECONDS)).as("filter does not match").isEmpty();
        } finally {
            plus.disconnect();
            hash.disconnect();
            other.disconnect();
        }
    }

    @Test
    void overlappingSubscriptionsDeliverOnceAtTheHighestQos() throws Exception {
        Mqtt3BlockingClient device = device("OVERLAP1");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL);
             JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            device.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_MOST_ONCE).send();
            device.subscribeWith().topicFilter("fleet/+/pos").qos(MqttQos.EXACTLY_ONCE).send();
            device.subscribeWith().topicFilter("fleet/7/pos").qos(MqttQos.AT_LEAST_ONCE).send();

            MessageProducer producer = jms.session().createProducer(jms.session().createTopic("fleet/7/pos"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            BytesMessage message = jms.session().createBytesMessage();
            message.writeBytes("52.1,4.3".getBytes());
            message.setIntProperty("mqtt_qos", 2);
            producer.send(message);

            Mqtt3Publish received = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(in.receive(1, TimeUnit.SECONDS)).as("one copy only").isEmpty();
        } finally {
            device.disconnect();
        }
    }

    @Test
    void devicesExchangeMessagesThroughTheBackend() throws Exception {
        Mqtt3BlockingClient subscriber = device("SUBX");
        Mqtt3BlockingClient publisher = device("PUBX");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("room/+/temp").qos(MqttQos.EXACTLY_ONCE).send();
            for (int qos = 0; qos <= 2; qos++) {
                publisher.publishWith().topic("room/" + qos + "/temp").payload(("t" + qos).getBytes())
                        .qos(MqttQos.fromCode(qos)).send();
            }
            for (int qos = 0; qos <= 2; qos++) {
                Mqtt3Publish received = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(received.getTopic().toString()).isEqualTo("room/" + qos + "/temp");
                assertThat(received.getQos().getCode()).isEqualTo(qos);
            }
        } finally {
            subscriber.disconnect();
            publisher.disconnect();
        }
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() throws Exception {
        Mqtt3BlockingClient device = device("DOLLAR1");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL);
             JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            device.subscribeWith().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).send();
            device.subscribeWith().topicFilter("$SYS/uptime").qos(MqttQos.AT_MOST_ONCE).send();
            Session session = jms.session();
            session.createProducer(session.createTopic("$SYS/uptime")).send(session.createTextMessage("42"));
            session.createProducer(session.createTopic("$SYS/other")).send(session.createTextMessage("x"));
            session.createProducer(session.createTopic("plain")).send(session.createTextMessage("y"));

            Mqtt3Publish first = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            Mqtt3Publish second = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(java.util.List.of(first.getTopic().toString(), second.getTopic().toString()))
                    .containsExactlyInAnyOrder("$SYS/uptime", "plain");
            assertThat(in.receive(1, TimeUnit.SECONDS)).as("$SYS/other is not matched by #").isEmpty();
        } finally {
            device.disconnect();
        }
    }

    /**
     * The broker's TCP connections to JMS applications send in bursts (ConsolidatedFlushes): a burst
     * still arrives whole and in each device's order, and a lone message after it is not held back.
     */
    @Test
    void burstsAndLoneMessagesReachAJmsConsumerOverTcp() throws Exception {
        int devices = 4;
        int perDevice = 2_000;
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageConsumer consumer = jms.session().createConsumer(jms.session().createTopic("burst/#"));
            List<NettyConnection> tcp = bridge.broker().server().getRemotingService().getConnections().stream()
                    .map(connection -> connection.getTransportConnection())
                    .filter(NettyConnection.class::isInstance).map(NettyConnection.class::cast).toList();
            assertThat(tcp).as("every TCP connection of the broker consolidates its flushes").isNotEmpty()
                    .allSatisfy(connection -> assertThat(connection.getChannel().pipeline()
                            .get(FlushConsolidationHandler.class)).isNotNull());
            List<Mqtt3BlockingClient> clients = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                clients.add(device("BURST" + d));
            }
            for (int i = 0; i < perDevice; i++) {
                for (int d = 0; d < devices; d++) {
                    clients.get(d).publishWith().topic("burst/" + d).payload(Integer.toString(i).getBytes())
                            .qos(MqttQos.AT_MOST_ONCE).send();
                }
            }
            int[] next = new int[devices];
            for (int received = 0; received < devices * perDevice; received++) {
                BytesMessage message = (BytesMessage) consumer.receive(10_000);
                assertThat(message).as("message %d of the burst", received).isNotNull();
                int device = Integer.parseInt(((Topic) message.getJMSDestination()).getTopicName().substring("burst/".length()));
                byte[] body = new byte[(int) message.getBodyLength()];
                message.readBytes(body);
                assertThat(Integer.parseInt(new String(body))).as("order of BURST%d", device).isEqualTo(next[device]++);
            }
            clients.get(0).publishWith().topic("burst/0").payload("lone".getBytes()).qos(MqttQos.AT_MOST_ONCE).send();
            BytesMessage lone = (BytesMessage) consumer.receive(2_000);
            assertThat(lone).as("a lone message after the burst").isNotNull();
            clients.forEach(Mqtt3BlockingClient::disconnect);
        }
    }
}
