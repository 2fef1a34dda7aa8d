package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;

/**
 * MQTT 5 properties of messages that come another way than a clean session's subscription: point to
 * point from a JMS application (straight, and after waiting on the held queue), retained publications,
 * and a persistent session's device subscriptions. The mapping is MessageMapping's (docs/mqtt.md); a
 * 3.1.1 client gets the payload only.
 */
class Mqtt5MessagePropertiesTest {

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

    private static Mqtt5BlockingClient client(String clientId) {
        return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(bridge.mqttPort())
                .buildBlocking();
    }

    // --- point to point ------------------------------------------------------------------------------

    @Test
    void aPointToPointMessageFromJmsCarriesItsPropertiesToAnMqtt5Client() throws Exception {
        Mqtt5BlockingClient client = client("P2PPROPS5");
        client.connect();
        try (var received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            sendTo("P2PPROPS5", "cmd/props", 60_000);
            assertProperties(received.receive(10, TimeUnit.SECONDS).orElseThrow(), "cmd/props", "P2PPROPS5", 60);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aHeldPointToPointMessageKeepsItsPropertiesAndItsExpiryCountsDown_MQTT_3_3_2_6() throws Exception {
        Mqtt5BlockingClient client = client("HELDPROPS5");
        client.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        client.disconnect();
        sendTo("HELDPROPS5", "cmd/held", 60_000);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.bean(org.telemetrybridge.session.PointToPoint.class).heldFor("HELDPROPS5") == 1);
        // It waits at least two seconds: its Message Expiry Interval is sent less that time [MQTT-3.3.2-6].
        long heldAt = System.currentTimeMillis();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() - heldAt >= 2_100);
        try (var received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            assertProperties(received.receive(10, TimeUnit.SECONDS).orElseThrow(), "cmd/held", "HELDPROPS5", 58);
        } finally {
            client.disconnectWith().sessionExpiryInterval(0).send();
        }
    }

    @Test
    void anMqtt311ClientGetsThePayloadOnly() throws Exception {
        Mqtt3BlockingClient client = Devices.connected(bridge.mqttPort(), "P2P311");
        try (var received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            sendTo("P2P311", "cmd/v3", 60_000);
            Mqtt3Publish publish = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("reboot");
        } finally {
            client.disconnect();
        }
    }

    /** A TextMessage to one client with every property that maps, and a time to live. */
    private static void sendTo(String clientId, String topic, long timeToLive) throws Exception {
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            Session session = jms.session();
            MessageProducer producer = session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"));
            TextMessage message = session.createTextMessage("reboot");
            message.setStringProperty("RemoteQMgrName", clientId);
            message.setStringProperty("RemoteQName", topic);
            message.setJMSType("text/plain");
            message.setJMSCorrelationID("req-17");
            message.setJMSReplyTo(session.createTopic("replies/" + clientId));
            message.setStringProperty("unit", "none");
            producer.send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, timeToLive);
        }
    }

    private static void assertProperties(Mqtt5Publish publish, String topic, String clientId, long maxExpiry) {
        assertThat(publish.getTopic().toString()).isEqualTo(topic);
        assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("reboot");
        assertThat(publish.getContentType().map(Object::toString)).hasValue("text/plain");
        assertThat(publish.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(publish.getCorrelationData().map(b -> StandardCharsets.UTF_8.decode(b).toString())).hasValue("req-17");
        assertThat(publish.getResponseTopic().map(Object::toString)).hasValue("replies/" + clientId);
        assertThat(publish.getUserProperties().asList()).map(p -> p.getName() + "=" + p.getValue())
                .containsExactly("unit=none");
        assertThat(publish.getMessageExpiryInterval().orElseThrow()).isBetween(1L, maxExpiry);
    }

    // --- retained publications and device subscriptions -----------------------------------------------

    @Test
    void aRetainedPublicationKeepsItsProperties() throws InterruptedException {
        Mqtt5BlockingClient publisher = client("RETPROPSPUB5");
        publisher.connect();
        publisher.publish(devicePublish("retprops5/state", true));
        publisher.disconnect();
        Mqtt5BlockingClient client = client("RETPROPS5");
        client.connect();
        try (var received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("retprops5/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish retained = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(retained.isRetain()).isTrue();
            assertDeviceProperties(retained);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aPersistentSessionsDeviceSubscriptionKeepsTheProperties() throws InterruptedException {
        Mqtt5BlockingClient client = client("SUBPROPS5");
        client.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        Mqtt5BlockingClient publisher = client("SUBPROPSPUB5");
        publisher.connect();
        try (var received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("subprops5/#").qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publish(devicePublish("subprops5/x", false));
            assertDeviceProperties(received.receive(10, TimeUnit.SECONDS).orElseThrow());
        } finally {
            publisher.disconnect();
            client.disconnectWith().sessionExpiryInterval(0).send();
        }
    }

    private static Mqtt5Publish devicePublish(String topic, boolean retain) {
        return Mqtt5Publish.builder().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .payload("21.5".getBytes(StandardCharsets.UTF_8)).contentType("text/plain")
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).responseTopic("answers/here")
                .correlationData(new byte[] {1, 2, 3}).messageExpiryInterval(600)
                .userProperties(Mqtt5UserProperties.builder().add("unit", "celsius").add("content-type", "x").build())
                .build();
    }

    private static void assertDeviceProperties(Mqtt5Publish publish) {
        assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        assertThat(publish.getContentType().map(Object::toString)).hasValue("text/plain");
        assertThat(publish.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(publish.getResponseTopic().map(Object::toString)).hasValue("answers/here");
        assertThat(publish.getCorrelationData().map(b -> {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return List.of(bytes[0], bytes[1], bytes[2]);
        })).hasValue(List.of((byte) 1, (byte) 2, (byte) 3));
        assertThat(publish.getUserProperties().asList()).map(p -> p.getName() + "=" + p.getValue())
                .containsExactlyInAnyOrder("unit=celsius", "content-type=x");
        assertThat(publish.getMessageExpiryInterval().orElseThrow()).isBetween(1L, 600L);
    }
}
