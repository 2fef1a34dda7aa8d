package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.RawMqttClient;

/**
 * What MQTT 5 keeps with a subscription beyond its QoS: Retain As Published and the Subscription
 * Identifier, for clean sessions (the bridge's shared subscriptions) and persistent ones (device
 * subscriptions on the transmit queue), also across a restart of the bridge, with the session's expiry
 * interval. Raw packets, since HiveMQ's client keeps subscription identifiers to itself.
 */
class Mqtt5SubscriptionDataTest {

    private static final long PERSISTENT = 600;

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

    // --- Retain As Published ----------------------------------------------------------------------

    @Test
    void retainAsPublishedKeepsTheRetainFlagOfALivePublication_MQTT_3_3_1_12_and_13() {
        assertRetainAsPublished("RAPC5", "rapc5", 0);
    }

    @Test
    void retainAsPublishedAlsoHoldsForAPersistentSessionsDeviceSubscriptions_MQTT_3_3_1_12_and_13() {
        assertRetainAsPublished("RAPP5", "rapp5", PERSISTENT);
    }

    /**
     * Two subscriptions, one with Retain As Published: a retained publication made after both exist
     * arrives with RETAIN 1 through it [MQTT-3.3.1-12], with RETAIN 0 through the other [MQTT-3.3.1-13].
     */
    private void assertRetainAsPublished(String clientId, String root, long expiry) {
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), clientId + "P");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5(clientId, true, 0, expiry(expiry));
            subscribe(client, 1, root + "/kept/#", options(1, true), 0);
            subscribe(client, 2, root + "/cleared/#", options(1, false), 0);
            publisher.publishWith().topic(root + "/kept/x").retain(true).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("k")).send();
            MqttPublishMessage kept = nextPublish(client);
            assertThat(kept.fixedHeader().isRetain()).as("[MQTT-3.3.1-12]").isTrue();
            publisher.publishWith().topic(root + "/cleared/x").retain(true).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("c")).send();
            MqttPublishMessage cleared = nextPublish(client);
            assertThat(cleared.variableHeader().topicName()).isEqualTo(root + "/cleared/x");
            assertThat(cleared.fixedHeader().isRetain()).as("[MQTT-3.3.1-13]").isFalse();
            // A publication not retained stays so, with the option too.
            publisher.publishWith().topic(root + "/kept/y").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("n")).send();
            assertThat(nextPublish(client).fixedHeader().isRetain()).isFalse();
            client.disconnectEndingSession();
        } finally {
            publisher.disconnect();
        }
    }

    // --- Subscription Identifiers ------------------------------------------------------------------

    @Test
    void aCleanSessionGetsOneCopyWithTheIdentifiersOfAllMatchingSubscriptions_MQTT_3_3_4_3_and_4() {
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "SIDCP5");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("SIDC5", true, 0, MqttProperties.NO_PROPERTIES);
            subscribe(client, 1, "sidc5/#", options(1, false), 5);
            subscribe(client, 2, "sidc5/a", options(1, false), 70_000);
            subscribe(client, 3, "sidc5/b", options(1, false), 0);
            publisher.publishWith().topic("sidc5/a").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("a")).send();
            assertThat(subscriptionIds(nextPublish(client))).as("[MQTT-3.3.4-4]").containsExactly(5, 70_000);
            // A matching subscription without an identifier adds none [MQTT-3.3.4-3].
            publisher.publishWith().topic("sidc5/b").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("b")).send();
            assertThat(subscriptionIds(nextPublish(client))).containsExactly(5);
            // A SUBSCRIBE without an identifier takes it away from the subscription it replaces.
            subscribe(client, 4, "sidc5/a", options(1, false), 0);
            publisher.publishWith().topic("sidc5/a").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("a2")).send();
            assertThat(subscriptionIds(nextPublish(client))).containsExactly(5);
        } finally {
            publisher.disconnect();
        }
    }

    @Test
    void aPersistentSessionGetsOneCopyPerSubscriptionEachWithItsIdentifier_MQTT_3_3_4_5() {
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "SIDPP5");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("SIDP5", true, 0, expiry(PERSISTENT));
            subscribe(client, 1, "sidp5/#", options(1, false), 11);
            subscribe(client, 2, "sidp5/+", options(1, false), 12);
            publisher.publishWith().topic("sidp5/a").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("a")).send();
            List<List<Integer>> seen = new ArrayList<>();
            seen.add(subscriptionIds(nextPublish(client)));
            seen.add(subscriptionIds(nextPublish(client)));
            assertThat(seen).as("[MQTT-3.3.4-5]").containsExactlyInAnyOrder(List.of(11), List.of(12));
            client.disconnectEndingSession();
        } finally {
            publisher.disconnect();
        }
    }

    @Test
    void retainedPublicationsSentOnSubscribeCarryTheSubscriptionsIdentifier_MQTT_3_3_4_3() {
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "SIDRP5");
        publisher.publishWith().topic("sidr5/state").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("on")).send();
        publisher.disconnect();
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("SIDR5", true, 0, MqttProperties.NO_PROPERTIES);
            subscribe(client, 1, "sidr5/#", new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, false, false,
                    MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE), 9);
            MqttPublishMessage retained = nextPublish(client);
            assertThat(retained.fixedHeader().isRetain()).as("[MQTT-3.3.1-9]").isTrue();
            assertThat(subscriptionIds(retained)).containsExactly(9);
        }
    }

    @Test
    void aPublicationHeldForAnAwaySessionKeepsItsIdentifierAndRetainAsPublished() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("HELDSID5", true, 0, expiry(PERSISTENT));
            subscribe(client, 1, "heldsid5/#", options(1, true), 21);
            client.disconnect();
        }
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "HELDSIDP5");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            publisher.publishWith().topic("heldsid5/x").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x"))
                    .send();
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    bridge.bean(org.telemetrybridge.session.PointToPoint.class).heldFor("HELDSID5") == 1);
            client.connect5("HELDSID5", false, 0, expiry(PERSISTENT));
            MqttPublishMessage publish = nextPublish(client);
            assertThat(subscriptionIds(publish)).as("[MQTT-3.3.4-5]").containsExactly(21);
            assertThat(publish.fixedHeader().isRetain()).as("[MQTT-3.3.1-12]").isTrue();
            client.disconnectEndingSession();
        } finally {
            publisher.disconnect();
        }
    }

    // --- across a restart of the bridge ------------------------------------------------------------

    @Test
    void aPersistentSessionsSubscriptionOptionsAndExpiryIntervalSurviveARestart() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("KEEP5", true, 0, expiry(4_000));
            subscribe(client, 1, "keep5/#", options(1, true), 42);
            subscribe(client, 2, "keep5/own/#", new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, true, false,
                    MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE), 43);
            client.disconnect();
        }
        bridge.restart();
        assertThat(bridge.bean(SessionRegistry.class).find("KEEP5").expiryInterval())
                .as("the client's Session Expiry Interval, stored with the session").isEqualTo(4_000);
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "KEEP5P");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            MqttMessage connack = client.connect5("KEEP5", false, 0, expiry(4_000));
            assertThat(((io.netty.handler.codec.mqtt.MqttConnAckMessage) connack).variableHeader().isSessionPresent())
                    .isTrue();
            publisher.publishWith().topic("keep5/x").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x")).send();
            MqttPublishMessage publish = nextPublish(client);
            assertThat(subscriptionIds(publish)).containsExactly(42);
            assertThat(publish.fixedHeader().isRetain()).as("Retain As Published, restored").isTrue();
            // No Local of keep5/own/#, restored: the client's own publication comes through keep5/# only.
            client.publish("keep5/own/y", bytes("own"), 0, false, 0);
            assertThat(subscriptionIds(nextPublish(client))).as("[MQTT-3.8.3-3]").containsExactly(42);
            assertThat(client.poll(500, TimeUnit.MILLISECONDS)).isNull();
            client.disconnectEndingSession();
        } finally {
            publisher.disconnect();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static MqttProperties expiry(long seconds) {
        MqttProperties properties = new MqttProperties();
        if (seconds > 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) seconds));
        }
        return properties;
    }

    private static MqttSubscriptionOption options(int qos, boolean retainAsPublished) {
        return new MqttSubscriptionOption(MqttQoS.valueOf(qos), false, retainAsPublished,
                MqttSubscriptionOption.RetainedHandlingPolicy.DONT_SEND_AT_SUBSCRIBE);
    }

    private static void subscribe(RawMqttClient client, int packetId, String filter, MqttSubscriptionOption option,
                                  int subscriptionId) {
        MqttProperties properties = new MqttProperties();
        if (subscriptionId > 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, subscriptionId));
        }
        client.send(MqttMessageBuilders.subscribe().messageId(packetId).properties(properties)
                .addSubscription(filter, option).build());
        MqttSubAckMessage suback = (MqttSubAckMessage) client.expect(MqttMessageType.SUBACK);
        assertThat(suback.payload().reasonCodes()).containsExactly(option.qos().value());
    }

    /** The next PUBLISH, acknowledged if QoS 1. */
    private static MqttPublishMessage nextPublish(RawMqttClient client) {
        MqttPublishMessage publish = (MqttPublishMessage) client.expect(MqttMessageType.PUBLISH);
        if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            client.ack(MqttMessageType.PUBACK, publish.variableHeader().packetId());
        }
        return publish;
    }

    private static List<Integer> subscriptionIds(MqttPublishMessage publish) {
        return publish.variableHeader().properties().getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER).stream()
                .map(p -> (Integer) p.value()).toList();
    }


    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
