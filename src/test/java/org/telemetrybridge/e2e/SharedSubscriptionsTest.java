package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.Mosquitto;
import org.telemetrybridge.support.RawMqttClient;

/**
 * MQTT 5 shared subscriptions, {@code $share/<group>/<filter>}, as JMS 2 shared subscriptions named by the
 * whole shared filter (issue 15): devices share a stream, each message to one member; a JMS application
 * joins the same group; a leaving member's unacknowledged messages reach another member; a durable group
 * keeps its messages across a restart of the bridge and is deleted in the broker after its last member.
 * Real sockets (HiveMQ's MQTT 5 and 3 APIs, mosquitto_sub, raw packets) and the real embedded broker.
 */
class SharedSubscriptionsTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    static Mqtt5AsyncClient member(BridgeInstance bridge, String clientId, long sessionExpiry) {
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(bridge.mqttPort()).buildAsync();
        Mqtt5ConnAck connAck = client.connectWith().cleanStart(true).sessionExpiryInterval(sessionExpiry).send().join();
        assertThat(connAck.getRestrictions().isSharedSubscriptionAvailable())
                .as("CONNACK's Shared Subscription Available").isTrue();
        return client;
    }

    /** Subscribes a member to the shared filter, collecting the payloads it gets. */
    static Queue<String> join(Mqtt5AsyncClient client, String shared) {
        Queue<String> got = new ConcurrentLinkedQueue<>();
        client.subscribeWith().topicFilter(shared).qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> got.add(payload(publish)))
                .send().join();
        return got;
    }

    static String payload(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    static Set<String> ids(String prefix, int count) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    static void publishJms(BridgeInstance bridge, String topic, int count, String prefix) throws Exception {
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageProducer producer = jms.session().createProducer(jms.session().createTopic(topic));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                producer.send(jms.session().createTextMessage(prefix + i));
            }
        }
    }

    /** Every payload of all members together: each id exactly once. */
    @SafeVarargs
    static void assertEachOnce(Set<String> expected, Queue<String>... members) {
        Awaitility.await("all " + expected.size() + " across the members").atMost(WAIT).until(() -> {
            int total = 0;
            for (Queue<String> member : members) {
                total += member.size();
            }
            return total >= expected.size();
        });
        List<String> all = new ArrayList<>();
        for (Queue<String> member : members) {
            all.addAll(member);
        }
        assertThat(all).as("no message lost or duplicated").hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private boolean queueExists(BridgeInstance bridge, String name) {
        return bridge.broker().server().locateQueue(SimpleString.of(name)) != null;
    }

    @Test
    void threeMqtt5MembersSplitAStreamWithNoMessageLostOrDuplicated() throws Exception {
        int n = 300;
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            String shared = "$share/workers/jobs/#";
            List<Mqtt5AsyncClient> members = List.of(member(bridge, "W1", 0), member(bridge, "W2", 0),
                    member(bridge, "W3", 0));
            Queue<String> w1 = join(members.get(0), shared);
            Queue<String> w2 = join(members.get(1), shared);
            Queue<String> w3 = join(members.get(2), shared);

            // A device of the same bridge publishes: its publications go through the group too.
            Mqtt5BlockingClient publisher = Mqtt5Client.builder().identifier("JOBPUB").serverHost("127.0.0.1")
                    .serverPort(bridge.mqttPort()).buildBlocking();
            publisher.connect();
            for (int i = 0; i < n; i++) {
                publisher.publishWith().topic("jobs/" + (i % 7)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("j" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
            assertEachOnce(ids("j", n), w1, w2, w3);
            assertThat(List.of(w1.size(), w2.size(), w3.size())).as("each member had a share").allMatch(c -> c > 0);
            MeterRegistry meters = bridge.bean(MeterRegistry.class);
            assertThat(meters.get("bridge.share.groups").gauge().value()).isEqualTo(1);
            assertThat(meters.get("bridge.share.members").gauge().value()).isEqualTo(3);
            publisher.disconnect();
            members.forEach(m -> m.disconnect().join());
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(meters.get("bridge.share.members").gauge().value())
                            .as("clean members leave their group with their connection").isZero());
        }
    }

    @Test
    void mosquittoSubAtMqtt5JoinsAGroup() throws Exception {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Process sub = Mosquitto.startSubscribed(bridge.mqttPort(), "-V", "mqttv5", "-i", "MOSQSHARE", "-q", "1",
                    "-t", "$share/g/x/#", "-C", "3", "-W", "25");
            for (int i = 0; i < 3; i++) {
                Mosquitto.Result pub = Mosquitto.pub(bridge.mqttPort(), "-V", "mqttv5", "-q", "1", "-t", "x/" + i,
                        "-m", "mosq" + i);
                assertThat(pub.exitCode()).as(pub.stderr()).isZero();
            }
            Mosquitto.Result received = Mosquitto.finishSubscribed(sub);
            assertThat(received.exitCode()).as(received.stderr()).isZero();
            assertThat(received.stdout().lines()).containsExactlyInAnyOrder("mosq0", "mosq1", "mosq2");
        }
    }

    /**
     * A JMS application joins the group with the JMS subscription name the bridge documents (the whole
     * shared filter): durable for a member whose session outlives its connection, else non-durable.
     */
    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {false, true})
    void aJmsApplicationJoinsTheGroupAndSharesTheStream(boolean durable) throws Exception {
        int n = 200;
        String shared = "$share/mixed" + durable + "/orders/+";
        try (BridgeInstance bridge = BridgeInstance.started(data);
             JmsClient application = new JmsClient(bridge.jmsUrl())) {
            Mqtt5AsyncClient device = member(bridge, "ORD" + durable, durable ? 600 : 0);
            Queue<String> fromDevice = join(device, shared);
            Topic topic = application.session().createTopic("orders/+");
            MessageConsumer consumer = durable ? application.session().createSharedDurableConsumer(topic, shared)
                    : application.session().createSharedConsumer(topic, shared);
            Queue<String> fromJms = new ConcurrentLinkedQueue<>();
            consumer.setMessageListener(message -> fromJms.add(text(message)));

            publishJms(bridge, "orders/eu", n, "o");

            assertEachOnce(ids("o", n), fromDevice, fromJms);
            assertThat(fromDevice).as("the device had a share").isNotEmpty();
            assertThat(fromJms).as("the JMS application had a share").isNotEmpty();
            consumer.close();
            device.disconnectWith().sessionExpiryInterval(0).send().join();
            // The device's session ended and no consumer is left: the group is gone in the broker.
            Awaitility.await("the group's subscription deleted").atMost(WAIT).until(() -> !queueExists(bridge, shared));
        }
    }

    private static String text(Message message) {
        try {
            return new String(MessageMapping.payload(message), StandardCharsets.UTF_8);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A member that leaves with QoS 1 messages it never acknowledged: they go to the other member, not
     * lost, and for a persistent member not kept waiting for it (MQTT 5 section 4.8.2 lets the server do
     * either while the session lives; the bridge hands them on).
     */
    @ParameterizedTest(name = "session expiry {0}")
    @ValueSource(longs = {0, 600})
    void unacknowledgedMessagesOfALeavingMemberReachAnotherMember(long sessionExpiry) throws Exception {
        int n = 100;
        String shared = "$share/handover" + sessionExpiry + "/tasks/#";
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            // Both members of one kind, so both are on one JMS subscription (durable, or not).
            Mqtt5AsyncClient holder = member(bridge, "HOLDER", sessionExpiry);
            Queue<String> held = new ConcurrentLinkedQueue<>();
            // Never acknowledges: the PUBACKs are not sent.
            holder.subscribeWith().topicFilter(shared).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> held.add(payload(publish))).manualAcknowledgement(true).send().join();
            Mqtt5AsyncClient other = member(bridge, "OTHER", sessionExpiry);
            Queue<String> otherGot = join(other, shared);

            publishJms(bridge, "tasks/1", n, "t");
            // What the provider handed the holder's consumer stays with it while it is connected.
            Awaitility.await("the holder has some unacknowledged").atMost(WAIT).until(() -> !held.isEmpty());

            holder.disconnect().join();
            Set<String> unacknowledged = new HashSet<>(held);

            Awaitility.await("the holder's unacknowledged messages reached the other member").atMost(WAIT)
                    .until(() -> new HashSet<>(otherGot).containsAll(unacknowledged));
            assertThat(new HashSet<>(otherGot)).as("every message at the other member, the handed-on ones once more")
                    .isEqualTo(ids("t", n));
            assertThat(otherGot).as("no duplicates at the other member").doesNotHaveDuplicates();
            other.disconnectWith().sessionExpiryInterval(0).send().join();
        }
    }

    /**
     * A durable group keeps its messages while all members are away, across a restart of the bridge;
     * a 3.1.1 member with a persistent session is a durable member too (as Mosquitto and HiveMQ accept
     * $share from 3.1.1 clients).
     */
    @Test
    void aDurableGroupSurvivesABridgeRestartWithItsMessagesWaitingWhileAllMembersAreAway() throws Exception {
        int n = 50;
        String shared = "$share/keep/meters/+";
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt5AsyncClient v5 = member(bridge, "KEEP5", 3600);
            join(v5, shared);
            v5.disconnect().join();
            Mqtt3BlockingClient v3 = Devices.connected(bridge.mqttPort(), "KEEP3", false);
            assertThat(v3.subscribeWith().topicFilter(shared).qos(MqttQos.AT_LEAST_ONCE).send().getReturnCodes())
                    .as("3.1.1 SUBACK").allMatch(code -> !code.isError());
            v3.disconnect();

            publishJms(bridge, "meters/42", n, "k");
            Awaitility.await("all waiting in the group's durable subscription").atMost(WAIT)
                    .until(() -> bridge.broker().server().locateQueue(SimpleString.of(shared)).getMessageCount() == n);

            bridge.restart();

            assertThat(queueExists(bridge, shared)).as("the durable subscription after the restart").isTrue();
            Mqtt5BlockingClient back = Mqtt5Client.builder().identifier("KEEP5").serverHost("127.0.0.1")
                    .serverPort(bridge.mqttPort()).buildBlocking();
            try (Mqtt5BlockingClient.Mqtt5Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                        .isTrue();
                Set<String> got = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    Mqtt5Publish publish = in.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow(
                            () -> new AssertionError("only " + got.size() + " of " + n + " arrived"));
                    assertThat(got.add(payload(publish))).as("no duplicate").isTrue();
                }
                assertThat(got).isEqualTo(ids("k", n));
            } finally {
                back.disconnectWith().sessionExpiryInterval(0).send();
            }
        }
    }

    @Test
    void theDurableSubscriptionIsDeletedAfterTheLastMembersSessionEnds() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data); LogCapture log = new LogCapture()) {
            // Unsubscribe of the only member.
            String unsubscribed = "$share/gone1/a/b";
            Mqtt5AsyncClient one = member(bridge, "GONE1", 600);
            join(one, unsubscribed);
            assertThat(queueExists(bridge, unsubscribed)).as("durable subscription made").isTrue();
            one.unsubscribeWith().topicFilter(unsubscribed).send().join();
            Awaitility.await("deleted after unsubscribe").atMost(WAIT).until(() -> !queueExists(bridge, unsubscribed));
            one.disconnect().join();

            // Two members: the first session's end keeps it, the last one's (clean start) deletes it.
            String group = "$share/gone2/a/#";
            Mqtt5AsyncClient first = member(bridge, "GONE2A", 600);
            Mqtt5AsyncClient last = member(bridge, "GONE2B", 600);
            join(first, group);
            join(last, group);
            first.disconnect().join();
            last.disconnect().join();
            Mqtt5BlockingClient again = Mqtt5Client.builder().identifier("GONE2A").serverHost("127.0.0.1")
                    .serverPort(bridge.mqttPort()).buildBlocking();
            again.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
            again.disconnect();
            assertThat(queueExists(bridge, group)).as("one member's session left").isTrue();

            // The last member's session expires.
            Mqtt5BlockingClient expiring = Mqtt5Client.builder().identifier("GONE2B").serverHost("127.0.0.1")
                    .serverPort(bridge.mqttPort()).buildBlocking();
            expiring.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            expiring.disconnectWith().sessionExpiryInterval(1).send();
            Awaitility.await("deleted after the last member's session expired").atMost(WAIT)
                    .until(() -> !queueExists(bridge, group));
            log.awaitMessage("TBR0364I", group);
        }
    }

    /** A shared subscription gets no retained publications when it is made (MQTT 5 section 3.3.1.3). */
    @Test
    void retainedPublicationsAreNotSentToANewSharedSubscription() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            Mqtt5BlockingClient publisher = Mqtt5Client.builder().identifier("RETPUB").serverHost("127.0.0.1")
                    .serverPort(bridge.mqttPort()).buildBlocking();
            publisher.connect();
            publisher.publishWith().topic("status/1").retain(true).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("old".getBytes(StandardCharsets.UTF_8)).send();

            Mqtt5AsyncClient member = member(bridge, "RETSHARE", 0);
            Queue<String> got = join(member, "$share/r/status/#");
            publisher.publishWith().topic("status/1").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("live".getBytes(StandardCharsets.UTF_8)).send();
            Awaitility.await("the live publication").atMost(WAIT).until(() -> got.contains("live"));
            assertThat(got).as("only the live publication, not the retained one").containsExactly("live");
            publisher.disconnect();
            member.disconnect().join();
        }
    }

    /** Malformed share names get 0x8F from MQTT 5 and 0x80 from 3.1.1, and TBR0361W; the others are made. */
    @Test
    void malformedShareNamesAreRefused() throws Exception {
        List<String> malformed = List.of(
                "$share//x",        // empty ShareName [MQTT-4.8.2-1]
                "$share/a+b/x",     // '+' in the ShareName [MQTT-4.8.2-2]
                "$share/a#/x",      // '#' in the ShareName [MQTT-4.8.2-2]
                "$share/g",         // no '/' and filter after the ShareName [MQTT-4.8.2-2]
                "$share/g/",        // an empty filter [MQTT-4.8.2-2]
                "$share/g/a/#/b");  // the filter itself is invalid [MQTT-4.7.1-1]
        try (BridgeInstance bridge = BridgeInstance.started(data); LogCapture log = new LogCapture();
             RawMqttClient v5 = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient v3 = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(RawMqttClient.reasonCode(v5.connect5("MALFORMED5", true, 60, MqttProperties.NO_PROPERTIES)))
                    .isZero();
            v3.connect("MALFORMED3", true, 60);
            MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(7);
            malformed.forEach(filter -> subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter));
            subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, "$share/good/x");
            v5.send(subscribe.build());
            v3.send(subscribe.build());
            List<Integer> expected5 = new ArrayList<>();
            List<Integer> expected3 = new ArrayList<>();
            malformed.forEach(filter -> {
                expected5.add(0x8F);
                expected3.add(0x80);
            });
            expected5.add(1);
            expected3.add(1);
            assertThat(((MqttSubAckMessage) v5.expect(MqttMessageType.SUBACK)).payload().reasonCodes())
                    .isEqualTo(expected5);
            assertThat(((MqttSubAckMessage) v3.expect(MqttMessageType.SUBACK)).payload().reasonCodes())
                    .isEqualTo(expected3);
            assertThat(log.messages()).anyMatch(line -> line.startsWith("TBR0361W") && line.contains("$share//x")
                    && line.contains("[MQTT-4.8.2-1]"));
        }
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data);
             RawMqttClient v5 = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(RawMqttClient.reasonCode(v5.connect5("NOLOCALSHARE", true, 60, MqttProperties.NO_PROPERTIES)))
                    .isZero();
            v5.send(MqttMessageBuilders.subscribe().messageId(3).addSubscription("$share/g/x",
                    new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, true, false,
                            MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE)).build());
            MqttMessage disconnect = v5.expect(MqttMessageType.DISCONNECT);
            assertThat(RawMqttClient.reasonCode(disconnect)).as("Protocol Error [MQTT-3.8.3-4]").isEqualTo(0x82);
            assertThat(v5.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void membershipsAreBounded() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data, Map.of("bridge.shared-subscriptions.max-members", "2"));
             LogCapture log = new LogCapture(); RawMqttClient v5 = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(RawMqttClient.reasonCode(v5.connect5("BOUNDED", true, 60, MqttProperties.NO_PROPERTIES)))
                    .isZero();
            v5.send(MqttMessageBuilders.subscribe().messageId(9)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$share/b1/x")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$share/b2/x")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$share/b3/x").build());
            MqttSubAckMessage ack = (MqttSubAckMessage) v5.expect(MqttMessageType.SUBACK);
            assertThat(ack.payload().reasonCodes()).containsExactly(1, 1, 0x80);
            assertThat(log.messages()).anyMatch(line -> line.startsWith("TBR0363W") && line.contains("$share/b3/x"));
        }
    }
}
