package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.Mosquitto;
import org.telemetrybridge.support.RawMqttClient;

/**
 * MQTT 5 on the listener 3.1.1 clients use: CONNACK's properties, reason codes on refusals and
 * acknowledgements, DISCONNECT from the bridge with a reason, Receive Maximum and Maximum Packet Size
 * both ways, and the session expiry interval. With HiveMQ's MQTT 5 client, Mosquitto's clients at
 * {@code -V mqttv5}, and the raw client where the exact bytes matter.
 */
class Mqtt5Test {

    private static final int RECEIVE_MAXIMUM = 5;

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    LogCapture log;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data, Map.of("bridge.client-id.rule", "qmgr-name",
                "bridge.mqtt.receive-maximum", String.valueOf(RECEIVE_MAXIMUM),
                "bridge.mqtt.max-keep-alive", "30s",
                "bridge.mqtt.outbound-topic-alias-maximum", "100"));
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    @BeforeEach
    void captureLog() {
        log = new LogCapture();
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    private static Mqtt5BlockingClient client(String clientId) {
        return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(bridge.mqttPort())
                .buildBlocking();
    }

    private static SessionRegistry registry() {
        return bridge.bean(SessionRegistry.class);
    }

    // --- CONNECT / CONNACK ---------------------------------------------------------------------------

    @Test
    void connackTellsTheClientWhatTheBridgeOffers() {
        Mqtt5BlockingClient client = client("OFFERS5");
        Mqtt5ConnAck connack = client.connectWith().keepAlive(60).cleanStart(true).sessionExpiryInterval(4_294_967_295L)
                .send();
        try {
            assertThat(connack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(connack.getRestrictions().getReceiveMaximum()).isEqualTo(RECEIVE_MAXIMUM);
            // 4 MB after a four-byte fixed header.
            assertThat(connack.getRestrictions().getMaximumPacketSize()).isEqualTo(4 * 1024 * 1024 + 5);
            assertThat(connack.getRestrictions().getTopicAliasMaximum()).isEqualTo(10);
            assertThat(connack.getRestrictions().isRetainAvailable()).isTrue();
            assertThat(connack.getRestrictions().isWildcardSubscriptionAvailable()).isTrue();
            assertThat(connack.getRestrictions().isSharedSubscriptionAvailable()).isTrue();
            assertThat(connack.getRestrictions().areSubscriptionIdentifiersAvailable()).isTrue();
            assertThat(connack.getRestrictions().getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            // Held to bridge.mqtt.max-keep-alive, and to bridge.session.expiry (7 days) instead of never.
            assertThat(connack.getServerKeepAlive()).hasValue(30);
            assertThat(connack.getSessionExpiryInterval()).hasValue(Duration.ofDays(7).toSeconds());
            assertThat(connack.getAssignedClientIdentifier()).isEmpty();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void anEmptyClientIdGetsAnAssignedClientIdentifierThatIsAQueueManagerName() {
        Mqtt5BlockingClient client = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(bridge.mqttPort())
                .buildBlocking();
        Mqtt5ConnAck connack = client.connect();
        try {
            assertThat(connack.getAssignedClientIdentifier()).isPresent();
            String assigned = connack.getAssignedClientIdentifier().get().toString();
            assertThat(assigned).matches("TB_[A-Za-z0-9]{20}");
            assertThat(registry().find(assigned)).isNotNull();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aRejectedClientIdGetsReasonCode0x85WithTheRuleAsReasonString() {
        Mqtt5ConnAckException refused = assertThrows(Mqtt5ConnAckException.class, () -> client("HAS SPACE").connect());
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(refused.getMqttMessage().getReasonString().map(Object::toString).orElse(""))
                .contains("space (U+0020) at position 4");
        log.awaitMessage("TBR0010W", "'HAS SPACE'");
    }

    @Test
    void anAuthenticationMethodGetsBadAuthenticationMethod0x8C() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, "SCRAM-SHA-256"));
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            MqttMessage connack = client.connect5("AUTH5", true, 0, properties);
            assertThat(RawMqttClient.reasonCode(connack)).isEqualTo(0x8C);
            assertThat(client.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        }
        log.awaitMessage("TBR0360W", "SCRAM-SHA-256");
    }

    // --- 3.1.1 and 5 side by side ------------------------------------------------------------------

    @Test
    void mqtt5And311ClientsExchangeMessagesOnTheSamePort() {
        Mqtt5BlockingClient v5 = client("SIDE5");
        Mqtt3BlockingClient v3 = Devices.connected(bridge.mqttPort(), "SIDE3");
        v5.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes v5In = v5.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
             var v3In = v3.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            v5.subscribeWith().topicFilter("side/to5").qos(MqttQos.AT_LEAST_ONCE).send();
            v3.subscribeWith().topicFilter("side/to3").qos(MqttQos.AT_LEAST_ONCE).send();
            v3.publishWith().topic("side/to5").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("from 3.1.1")).send();
            v5.publishWith().topic("side/to3").qos(MqttQos.EXACTLY_ONCE).payload(bytes("from 5")).send();
            Mqtt5Publish got5 = v5In.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(got5.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("from 3.1.1");
            var got3 = v3In.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(got3.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("from 5");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            v5.disconnect();
            v3.disconnect();
        }
    }

    @Test
    void mosquittoClientsAtMqtt5PublishAndSubscribe() throws Exception {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        Process sub = Mosquitto.startSubscribed(bridge.mqttPort(), "-V", "mqttv5", "-i", "MOSQSUB5", "-q", "1",
                "-t", "mosq5/t", "-C", "1", "-W", "20");
        Mosquitto.Result pub = Mosquitto.pub(bridge.mqttPort(), "-V", "mqttv5", "-i", "MOSQPUB5", "-q", "2",
                "-t", "mosq5/t", "-m", "hello v5");
        assertThat(pub.exitCode()).as(pub.stderr()).isZero();
        Mosquitto.Result received = Mosquitto.finishSubscribed(sub);
        assertThat(received.exitCode()).as(received.stderr()).isZero();
        assertThat(received.stdout()).isEqualTo("hello v5\n");
    }

    // --- topic aliases ---------------------------------------------------------------------------------

    @Test
    void aTopicAliasTheClientSetsStandsForItsTopicInLaterPublishes() throws InterruptedException {
        Mqtt3BlockingClient watcher = Devices.connected(bridge.mqttPort(), "ALIASWATCH5");
        try (var received = watcher.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
             RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            watcher.subscribeWith().topicFilter("alias5/#").send();
            client.connect5("ALIASIN5", true, 0, MqttProperties.NO_PROPERTIES);
            client.send(aliasedPublish("alias5/in", 1, "first"));
            client.send(aliasedPublish("", 1, "second"));
            for (String payload : List.of("first", "second")) {
                var publish = received.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(publish.getTopic().toString()).isEqualTo("alias5/in");
                assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(payload);
            }
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void theBridgeSetsTopicAliasesUpToTheClientsMaximum() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, 1));
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "ALIASPUB5");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("ALIASOUT5", true, 0, properties);
            client.subscribe(1, "aliasout5/#", 0);
            for (String topic : List.of("aliasout5/a", "aliasout5/a", "aliasout5/b")) {
                publisher.publishWith().topic(topic).payload(bytes(topic)).send();
            }
            // First: the topic and alias 1; then alias 1 alone [MQTT-3.3.2-12]; the second topic has no alias
            // left (Topic Alias Maximum 1) [MQTT-3.3.2-11].
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                MqttPublishMessage publish = (MqttPublishMessage) client.expect(MqttMessageType.PUBLISH);
                long alias = publish.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS) == null ? 0
                        : (Integer) publish.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS).value();
                seen.add(publish.variableHeader().topicName() + "|" + alias + "|"
                        + publish.payload().toString(StandardCharsets.UTF_8));
            }
            assertThat(seen).containsExactly("aliasout5/a|1|aliasout5/a", "|1|aliasout5/a", "aliasout5/b|0|aliasout5/b");
        } finally {
            publisher.disconnect();
        }
    }

    @Test
    void hivemqsMqtt5ClientResolvesTheBridgesTopicAliases() throws InterruptedException {
        Mqtt5BlockingClient subscriber = client("ALIASHIVE5");
        subscriber.connectWith().restrictions().topicAliasMaximum(5).applyRestrictions().send();
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "ALIASHIVEPUB5");
        try (var received = subscriber.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("aliashive5/#").send();
            for (String topic : List.of("aliashive5/a", "aliashive5/b", "aliashive5/a")) {
                publisher.publishWith().topic(topic).payload(bytes(topic)).qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5Publish publish = received.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(publish.getTopic().toString()).isEqualTo(topic);
            }
        } finally {
            subscriber.disconnect();
            publisher.disconnect();
        }
    }

    private static MqttPublishMessage aliasedPublish(String topic, int alias, String payload) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, alias));
        return new MqttPublishMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(MqttMessageType.PUBLISH, false,
                MqttQoS.AT_MOST_ONCE, false, 0), new io.netty.handler.codec.mqtt.MqttPublishVariableHeader(topic, 0,
                properties), io.netty.buffer.Unpooled.wrappedBuffer(bytes(payload)));
    }

    // --- subscription options ----------------------------------------------------------------------

    @Test
    void retainHandlingDecidesWhetherRetainedPublicationsAreSentOnSubscribe() throws InterruptedException {
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "RHPUB5");
        publisher.publishWith().topic("rh5/state").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("on")).send();
        publisher.disconnect();
        Mqtt5BlockingClient client = client("RH5");
        client.connect();
        try (var received = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            // 2: never [MQTT-3.3.1-11]; then 1 on a new subscription: sent [MQTT-3.3.1-10] ...
            client.subscribeWith().topicFilter("rh5/#").retainHandling(
                    com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling.DO_NOT_SEND).send();
            client.subscribeWith().topicFilter("rh5/state").retainHandling(
                    com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                    .send();
            Mqtt5Publish retained = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(retained.getTopic().toString()).isEqualTo("rh5/state");
            assertThat(retained.isRetain()).isTrue();
            // ... 1 again on the same subscription: not sent; 0: sent [MQTT-3.3.1-9].
            client.subscribeWith().topicFilter("rh5/state").retainHandling(
                    com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                    .send();
            client.subscribeWith().topicFilter("rh5/#").retainHandling(
                    com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling.SEND).send();
            Mqtt5Publish again = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(again.isRetain()).isTrue();
            assertThat(received.receive(500, TimeUnit.MILLISECONDS)).as("only the one of Retain Handling 0").isEmpty();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void noLocalKeepsTheClientsOwnPublicationsFromIt() throws InterruptedException {
        assertNoLocal("NOLOCAL5", "nolocal5", 0);
    }

    @Test
    void noLocalAlsoHoldsForAPersistentSessionsDurableSubscription() throws InterruptedException {
        assertNoLocal("NOLOCALP5", "nolocalp5", 600);
    }

    /** The client publishes to its own No Local subscription, then another client does: only that one arrives. */
    private void assertNoLocal(String clientId, String topicRoot, long sessionExpiry) throws InterruptedException {
        Mqtt5BlockingClient client = client(clientId);
        client.connectWith().cleanStart(true).sessionExpiryInterval(sessionExpiry).send();
        Mqtt3BlockingClient other = Devices.connected(bridge.mqttPort(), clientId + "O");
        try (var received = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter(topicRoot + "/#").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
            client.publishWith().topic(topicRoot + "/own").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("own")).send();
            other.publishWith().topic(topicRoot + "/other").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("other")).send();
            Mqtt5Publish first = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(first.getTopic().toString()).as("[MQTT-3.8.3-3]").isEqualTo(topicRoot + "/other");
        } finally {
            client.disconnectWith().sessionExpiryInterval(0).send();
            other.disconnect();
        }
    }

    @Test
    void mosquittoClientsAtMqtt5KeepTheMessagesProperties() throws Exception {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        Process sub = Mosquitto.startSubscribed(bridge.mqttPort(), "-V", "mqttv5", "-i", "MOSQPROPSUB5", "-q", "1",
                "-t", "mosqprops5/t", "-C", "1", "-W", "20", "-F", "%C|%R|%P|%p");
        Mosquitto.Result pub = Mosquitto.pub(bridge.mqttPort(), "-V", "mqttv5", "-i", "MOSQPROPPUB5", "-q", "1",
                "-t", "mosqprops5/t", "-m", "v", "-D", "PUBLISH", "content-type", "text/plain",
                "-D", "PUBLISH", "response-topic", "mosqprops5/reply", "-D", "PUBLISH", "user-property", "unit", "celsius",
                "-D", "PUBLISH", "message-expiry-interval", "60");
        assertThat(pub.exitCode()).as(pub.stderr()).isZero();
        Mosquitto.Result received = Mosquitto.finishSubscribed(sub);
        assertThat(received.exitCode()).as(received.stderr()).isZero();
        assertThat(received.stdout().strip()).isEqualTo("text/plain|mosqprops5/reply|unit:celsius|v");
    }

    // --- DISCONNECT ---------------------------------------------------------------------------------

    @Test
    void aTakenOverConnectionGetsDisconnectSessionTakenOver0x8E() {
        try (RawMqttClient first = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient second = RawMqttClient.open(bridge.mqttPort())) {
            first.connect5("TAKE5", true, 0, MqttProperties.NO_PROPERTIES);
            second.connect5("TAKE5", true, 0, MqttProperties.NO_PROPERTIES);
            assertThat(RawMqttClient.reasonCode(first.expect(MqttMessageType.DISCONNECT))).isEqualTo(0x8E);
            assertThat(first.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            assertThat(second.isOpen()).isTrue();
        }
    }

    @Test
    void anOperatorsDisconnectIsAdministrativeAction0x98() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("ADMIN5", true, 0, MqttProperties.NO_PROPERTIES);
            assertThat(registry().disconnect("ADMIN5", false)).isTrue();
            MqttMessage disconnect = client.expect(MqttMessageType.DISCONNECT);
            assertThat(RawMqttClient.reasonCode(disconnect)).isEqualTo(0x98);
            assertThat(client.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aSilentClientGetsKeepAliveTimeout0x8D() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("SILENT5", true, 1, MqttProperties.NO_PROPERTIES);
            MqttMessage disconnect = client.expect(MqttMessageType.DISCONNECT);
            assertThat(RawMqttClient.reasonCode(disconnect)).isEqualTo(0x8D);
        }
        log.awaitMessage("TBR0020W", "SILENT5");
    }

    @Test
    void disconnectWithWillMessage0x04PublishesTheWill() throws InterruptedException {
        Mqtt3BlockingClient watcher = Devices.connected(bridge.mqttPort(), "WILLWATCH5");
        try (var wills = watcher.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
             RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            watcher.subscribeWith().topicFilter("will5/+").send();
            client.connect5WithWill("WILL5", "will5/gone");
            client.send(MqttMessageBuilders.disconnect().reasonCode((byte) 0x04).build());
            var will = wills.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(will.getTopic().toString()).isEqualTo("will5/gone");
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void aWillWithADelayIsPublishedOnlyAfterIt() throws InterruptedException {
        Mqtt3BlockingClient watcher = Devices.connected(bridge.mqttPort(), "DELAYWATCH5");
        try (var wills = watcher.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
             RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            watcher.subscribeWith().topicFilter("willdelay5/+").send();
            connectWithDelayedWill(client, "WILLDELAY5", true, "willdelay5/a", 2);
            long dropped = System.currentTimeMillis();
            client.drop();
            var will = wills.receive(15, TimeUnit.SECONDS).orElseThrow();
            assertThat(will.getTopic().toString()).isEqualTo("willdelay5/a");
            // Not before the Will Delay Interval [MQTT-3.1.3-9].
            assertThat(System.currentTimeMillis() - dropped).isGreaterThanOrEqualTo(1_900);
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void aWillWithADelayIsNotPublishedWhenTheClientComesBackInTime() throws InterruptedException {
        Mqtt3BlockingClient watcher = Devices.connected(bridge.mqttPort(), "BACKWATCH5");
        try (var wills = watcher.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
             RawMqttClient first = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient again = RawMqttClient.open(bridge.mqttPort())) {
            watcher.subscribeWith().topicFilter("willback5/+").send();
            connectWithDelayedWill(first, "WILLBACK5", true, "willback5/a", 2);
            first.drop();
            connectWithDelayedWill(again, "WILLBACK5", false, "willback5/a", 2);
            // Past the 2 s delay (bounded look): the client is back, so no will [MQTT-3.1.3-9].
            assertThat(wills.receive(4, TimeUnit.SECONDS)).isEmpty();
        } finally {
            watcher.disconnect();
        }
    }

    /** An MQTT 5 CONNECT with a session that outlives the connection and a will delayed by {@code delay} s. */
    static void connectWithDelayedWill(RawMqttClient client, String clientId, boolean cleanStart, String topic,
                                       int delay) {
        MqttProperties session = new MqttProperties();
        session.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 60));
        MqttProperties will = new MqttProperties();
        will.add(new MqttProperties.IntegerProperty(MqttProperties.WILL_DELAY_INTERVAL, delay));
        client.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(cleanStart).keepAlive(0)
                .protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_5).properties(session)
                .willFlag(true).willTopic(topic).willMessage(bytes("gone")).willQoS(MqttQoS.AT_MOST_ONCE)
                .willProperties(will).build());
        assertThat(RawMqttClient.reasonCode(client.expect(MqttMessageType.CONNACK))).isZero();
    }

    // --- reason codes on SUBACK and UNSUBACK ---------------------------------------------------------

    @Test
    void subackAndUnsubackCarryMqtt5ReasonCodes() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("CODES5", true, 0, MqttProperties.NO_PROPERTIES);
            client.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "codes/ok")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "codes/#/bad")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$share/gr+oup/codes/x").build());
            MqttSubAckMessage suback = (MqttSubAckMessage) client.expect(MqttMessageType.SUBACK);
            // Granted QoS 1; 0x8F topic filter invalid; 0x8F a malformed share name [MQTT-4.8.2-2].
            assertThat(suback.payload().reasonCodes()).containsExactly(1, 0x8F, 0x8F);
            client.send(MqttMessageBuilders.unsubscribe().messageId(2).addTopicFilter("codes/ok")
                    .addTopicFilter("codes/never").build());
            MqttUnsubAckMessage unsuback = (MqttUnsubAckMessage) client.expect(MqttMessageType.UNSUBACK);
            // Success; 0x11 no subscription existed.
            assertThat(unsuback.payload().unsubscribeReasonCodes()).containsExactly((short) 0, (short) 0x11);
        }
        log.awaitMessage("TBR0361W", "$share/gr+oup/codes/x");
    }

    @Test
    void aPubrelForAnUnknownPacketIdGetsPubcompPacketIdentifierNotFound0x92() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("PUBREL5", true, 0, MqttProperties.NO_PROPERTIES);
            client.publish("pubrel5/t", bytes("x"), 2, false, 7);
            client.expect(MqttMessageType.PUBREC);
            client.ack(MqttMessageType.PUBREL, 7);
            assertThat(RawMqttClient.reasonCode(client.expect(MqttMessageType.PUBCOMP))).isZero();
            client.ack(MqttMessageType.PUBREL, 8);
            assertThat(RawMqttClient.reasonCode(client.expect(MqttMessageType.PUBCOMP))).isEqualTo(0x92);
        }
    }

    // --- Receive Maximum both ways -------------------------------------------------------------------

    @Test
    void moreUnacknowledgedQos2PublishesThanTheReceiveMaximumEndWithDisconnect0x93() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("RECMAX5", true, 0, MqttProperties.NO_PROPERTIES);
            // QoS 2 without PUBREL: each stays unacknowledged until PUBCOMP.
            for (int id = 1; id <= RECEIVE_MAXIMUM + 1; id++) {
                client.publish("recmax/t", bytes("m" + id), 2, false, id);
            }
            List<MqttMessageType> seen = new ArrayList<>();
            MqttMessage packet;
            do {
                packet = client.poll(10, TimeUnit.SECONDS);
                assertThat(packet).as("DISCONNECT after " + seen).isNotNull();
                seen.add(packet.fixedHeader().messageType());
            } while (packet.fixedHeader().messageType() != MqttMessageType.DISCONNECT);
            assertThat(RawMqttClient.reasonCode(packet)).isEqualTo(0x93);
            assertThat(seen).filteredOn(type -> type == MqttMessageType.PUBREC).hasSizeLessThanOrEqualTo(RECEIVE_MAXIMUM);
        }
        log.awaitMessage("TBR0024W", "Receive Maximum");
    }

    @Test
    void theClientsReceiveMaximumLimitsWhatTheBridgeHasInFlight() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 1));
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "RMPUB5");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("RMSUB5", true, 0, properties);
            client.subscribe(1, "rm5/t", 1);
            for (int i = 1; i <= 3; i++) {
                publisher.publishWith().topic("rm5/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
            }
            for (int i = 1; i <= 3; i++) {
                MqttPublishMessage publish = (MqttPublishMessage) client.expect(MqttMessageType.PUBLISH);
                assertThat(publish.payload().toString(StandardCharsets.UTF_8)).isEqualTo("m" + i);
                // With one in flight the next waits for this PUBACK [MQTT-3.3.4-9]: a bounded look for a second.
                assertThat(client.poll(500, TimeUnit.MILLISECONDS)).as("a second PUBLISH before PUBACK").isNull();
                client.ack(MqttMessageType.PUBACK, publish.variableHeader().packetId());
            }
        } finally {
            publisher.disconnect();
        }
    }

    @Test
    void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSentToIt() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, 64));
        Mqtt3BlockingClient publisher = Devices.connected(bridge.mqttPort(), "MPSPUB5");
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            client.connect5("MPSSUB5", true, 0, properties);
            client.subscribe(1, "mps5/t", 1);
            publisher.publishWith().topic("mps5/t").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[200]).send();
            publisher.publishWith().topic("mps5/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("small")).send();
            MqttPublishMessage publish = (MqttPublishMessage) client.expect(MqttMessageType.PUBLISH);
            assertThat(publish.payload().toString(StandardCharsets.UTF_8)).isEqualTo("small");
        } finally {
            publisher.disconnect();
        }
        log.awaitMessage("TBR0362W", "MPSSUB5", "64 bytes");
        assertThat(bridge.bean(MeterRegistry.class).get("bridge.messages.dropped")
                .tag("reason", "too_large_for_client").functionCounter().count())
                .as("counted as dropped, too large for the client").isGreaterThanOrEqualTo(1);
    }

    // --- session expiry -------------------------------------------------------------------------------

    @Test
    void aSessionOutlivesItsConnectionForItsExpiryIntervalThenIsRemoved() {
        Mqtt5BlockingClient client = client("EXPIRE5");
        client.connectWith().cleanStart(true).sessionExpiryInterval(2).send();
        client.subscribeWith().topicFilter("expire5/t").qos(MqttQos.AT_LEAST_ONCE).send();
        client.disconnect();
        assertThat(registry().find("EXPIRE5")).as("kept after the connection").isNotNull();
        Awaitility.await("session removed").atMost(Duration.ofSeconds(15))
                .until(() -> registry().find("EXPIRE5") == null);
        log.awaitMessage("TBR0247I", "EXPIRE5");
    }

    @Test
    void aSessionReconnectedWithinItsExpiryIsPresent() {
        Mqtt5BlockingClient client = client("PRESENT5");
        client.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        client.disconnect();
        Mqtt5ConnAck again = client.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
        try {
            assertThat(again.isSessionPresent()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aPersistentSessionResumedWithExpiryZeroEndsWithThatConnection() {
        Mqtt5BlockingClient client = client("RESUME05");
        client.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        client.subscribeWith().topicFilter("resume05/t").qos(MqttQos.AT_LEAST_ONCE).send();
        client.disconnect();
        Mqtt5ConnAck resumed = client.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
        assertThat(resumed.isSessionPresent()).isTrue();
        client.disconnect();
        Awaitility.await("session ended").atMost(Duration.ofSeconds(10))
                .until(() -> registry().find("RESUME05") == null);
    }

    @Test
    void sessionExpiryZeroEndsTheSessionWithItsConnection() {
        Mqtt5BlockingClient client = client("ZERO5");
        client.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
        client.disconnect();
        Awaitility.await("session ended").atMost(Duration.ofSeconds(10)).until(() -> registry().find("ZERO5") == null);
        Mqtt5ConnAck again = client.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
        try {
            assertThat(again.isSessionPresent()).isFalse();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void disconnectMayShortenTheSessionExpiryToZero() {
        Mqtt5BlockingClient client = client("SHORTEN5");
        client.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        client.disconnectWith().sessionExpiryInterval(0).send();
        Awaitility.await("session removed").atMost(Duration.ofSeconds(10))
                .until(() -> registry().find("SHORTEN5") == null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
