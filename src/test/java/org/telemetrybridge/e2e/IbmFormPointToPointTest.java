package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.ibm.mq.constants.CMQC;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.ibmmq.IbmHeaderFixtures;
import org.telemetrybridge.backend.ibmmq.SubscriptionUserData;
import org.telemetrybridge.backend.jms.JmsTransmitQueue;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Transmit-queue messages in the IBM MQ form — an MQXQH (and an MQRFH2) in front of the data, built
 * with IBM's own header classes as a queue manager writes them — put on the embedded broker's
 * SYSTEM.MQTT.TRANSMIT.QUEUE, so the IBM decoding runs end to end to a real MQTT client.
 */
class IbmFormPointToPointTest {

    private static final byte[] PAYLOAD = {0, 'r', 'e', 'b', 'o', 'o', 't', (byte) 0xFF};

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    static JmsClient jms;

    @BeforeAll
    static void startBridge() throws JMSException {
        bridge = BridgeInstance.started(data, Map.of("bridge.transmit.max-held-per-client", 2));
        jms = new JmsClient(bridge.jmsUrl());
    }

    @AfterAll
    static void stopBridge() throws JMSException {
        jms.close();
        bridge.close();
    }

    /** Puts the bytes a queue manager would put on the transmission queue. */
    private static void putOnTransmitQueue(byte[] data) throws JMSException {
        Session session = jms.session();
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(data);
        session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"))
                .send(message, DeliveryMode.PERSISTENT, 4, 0);
    }

    /**
     * On IBM MQ a device subscription's publications reach the transmission queue with the subscription's
     * user data (mqps Sud), which names its filter: an MQTT 5 client gets that subscription's Subscription
     * Identifier [MQTT-3.3.4-5], as on the embedded stand-in. User data of the form before the filter
     * (QoS alone) still caps the QoS, with no identifier.
     */
    @Test
    void aDeviceSubscriptionsPublicationCarriesItsSubscriptionIdentifier_MQTT_3_3_4_5() throws Exception {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(RawMqttClient.reasonCode(device.connect5("IBMSUBID5", true, 0, MqttProperties.NO_PROPERTIES)))
                    .isZero();
            MqttProperties identifier = new MqttProperties();
            identifier.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, 7));
            device.send(MqttMessageBuilders.subscribe().messageId(1).properties(identifier)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "ibmsub/+/temp").build());
            device.expect(MqttMessageType.SUBACK);

            putOnTransmitQueue(IbmHeaderFixtures.subscriptionPublication("IBMSUBID5", "ibmsub/1/temp",
                    SubscriptionUserData.of(1, "ibmsub/+/temp"), PAYLOAD, true));
            MqttPublishMessage named = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
            device.ack(MqttMessageType.PUBACK, named.variableHeader().packetId());
            assertThat(named.variableHeader().topicName()).isEqualTo("ibmsub/1/temp");
            assertThat(subscriptionIds(named)).containsExactly(7);

            putOnTransmitQueue(IbmHeaderFixtures.subscriptionPublication("IBMSUBID5", "ibmsub/2/temp",
                    SubscriptionUserData.of(1), PAYLOAD, true));
            MqttPublishMessage unnamed = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
            device.ack(MqttMessageType.PUBACK, unnamed.variableHeader().packetId());
            assertThat(unnamed.variableHeader().topicName()).isEqualTo("ibmsub/2/temp");
            assertThat(subscriptionIds(unnamed)).isEmpty();
        }
    }

    private static java.util.List<Integer> subscriptionIds(MqttPublishMessage publish) {
        return publish.variableHeader().properties().getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER).stream()
                .map(p -> (Integer) p.value()).toList();
    }

    @Test
    void plainMqiMessageReachesTheDeviceNamedInTheTransmissionHeader() throws Exception {
        Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "IBMDEV1");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
            putOnTransmitQueue(IbmHeaderFixtures.plain("IBMDEV1", "cmd/reboot", PAYLOAD,
                    IbmHeaderFixtures.LINUX_ENCODING, IbmHeaderFixtures.ISO8859_1, true));
            Mqtt3Publish publish = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(publish.getTopic().toString()).isEqualTo("cmd/reboot");
            assertThat(publish.getPayloadAsBytes()).isEqualTo(PAYLOAD);
            assertThat(publish.getQos()).as("persistent MQMD").isEqualTo(MqttQos.AT_LEAST_ONCE);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void messageOfAnMqJmsApplicationWithAnRfh2ArrivesAsItsText() throws Exception {
        Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "IBMDEV2");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
            putOnTransmitQueue(IbmHeaderFixtures.fromJmsApplication("IBMDEV2", "cmd/text", "grüß dich",
                    CMQC.MQEI_UNLIMITED));
            Mqtt3Publish publish = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(publish.getTopic().toString()).isEqualTo("cmd/text");
            assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("grüß dich");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void publicationRoutedByAnAdministrativeSubscriptionKeepsItsTopicString() throws Exception {
        Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "IBMDEV3");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
            putOnTransmitQueue(IbmHeaderFixtures.publication("IBMDEV3", "SYSTEM.MQTT.PUBLICATION.QUEUE",
                    "alerts/boiler/7", PAYLOAD));
            Mqtt3Publish publish = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(publish.getTopic().toString()).isEqualTo("alerts/boiler/7");
            assertThat(publish.getPayloadAsBytes()).isEqualTo(PAYLOAD);
            assertThat(publish.getQos()).as("non-persistent publication").isEqualTo(MqttQos.AT_MOST_ONCE);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void expiredMessageIsDiscardedAndCounted() throws Exception {
        Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "IBMDEV4");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL);
             LogCapture log = new LogCapture()) {
            long expiredBefore = bridge.bean(JmsTransmitQueue.class).expiredCount();
            // Put on 2026-11-26 at 08:30 with an expiry of 10 s: long gone.
            putOnTransmitQueue(IbmHeaderFixtures.fromJmsApplication("IBMDEV4", "cmd/stale", "too late", 100));
            putOnTransmitQueue(IbmHeaderFixtures.fromJmsApplication("IBMDEV4", "cmd/fresh", "in time",
                    CMQC.MQEI_UNLIMITED));
            Mqtt3Publish publish = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(publish.getTopic().toString()).isEqualTo("cmd/fresh");
            assertThat(bridge.bean(JmsTransmitQueue.class).expiredCount()).isEqualTo(expiredBefore + 1);
            assertThat(log.awaitMessage("TBR0042W", "IBMDEV4")).contains("cmd/stale");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void messagesPastTheHeldLimitGoToTheDeadLetterQueue() throws Exception {
        Devices.connected(bridge.mqttPort(), "IBMAWAY", false).disconnect();
        for (int i = 0; i < 3; i++) {
            putOnTransmitQueue(IbmHeaderFixtures.plain("IBMAWAY", "cmd/n" + i, PAYLOAD,
                    IbmHeaderFixtures.LINUX_ENCODING, IbmHeaderFixtures.ISO8859_1, true));
        }
        MessageConsumer dlq = jms.session().createConsumer(jms.session().createQueue("SYSTEM.DEAD.LETTER.QUEUE"),
                "mqtt_dlq_clientid = 'IBMAWAY'");
        Message dead = dlq.receive(10_000);
        assertThat(dead).isNotNull();
        assertThat(dead.getIntProperty("mqtt_dlq_reason_code")).as("MQRC_Q_FULL").isEqualTo(2053);
        dlq.close();

        Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), "IBMAWAY");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
            back.connectWith().cleanSession(false).send();
            assertThat(in.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("cmd/n0");
            assertThat(in.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("cmd/n1");
            assertThat(in.receive(1, TimeUnit.SECONDS)).isEmpty();
        } finally {
            back.disconnect();
        }
    }
}
