package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.io.nio.NIOSequentialFileFactory;
import org.apache.activemq.artemis.core.journal.EncodingSupport;
import org.apache.activemq.artemis.core.journal.PreparedTransactionInfo;
import org.apache.activemq.artemis.core.journal.RecordInfo;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
import org.apache.activemq.artemis.core.persistence.impl.journal.JournalRecordIds;
import org.apache.activemq.artemis.core.persistence.impl.journal.codec.PersistentAddressBindingEncoding;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Whatever topics a client sends, the bridge and its stored data stay usable for everyone else, also
 * after a restart on the same data directory: persistent sessions, their waiting messages, retained
 * publications and "#" subscriptions.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileTopicsTest {

    @TempDir
    Path data;

    private static String levels(int count) {
        return "a/".repeat(count - 1) + "a";
    }

    private static Mqtt3BlockingClient client(BridgeInstance bridge, String id) {
        return Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(bridge.mqttPort())
                .buildBlocking();
    }

    /** The first defect: one SUBSCRIBE of 30,000 levels left a binding the broker could not load again. */
    @Test
    void aVeryDeepFilterIsRefusedAndHashSubscriptionsStillWorkAfterARestart() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            try (RawMqttClient hostile = RawMqttClient.open(bridge.mqttPort())) {
                hostile.connect("HOSTILE", false, 0);
                MqttSubAckMessage ack = (MqttSubAckMessage) hostile.subscribe(1, levels(30_000), 1);
                assertThat(ack.payload().grantedQoSLevels()).containsExactly(0x80);
            }
            assertHashSubscriptionWorks(bridge, "BEFORE");
            bridge.restart();
            assertHashSubscriptionWorks(bridge, "AFTER");
        }
    }

    /** The broker itself refuses such an address from a JMS application, before storing anything. */
    @Test
    void aJmsApplicationCannotStoreAnAddressTheBrokerCannotLoad() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
                assertThatThrownBy(() -> jms.session().createConsumer(jms.session().createTopic(levels(30_000))))
                        .isInstanceOf(JMSException.class).hasMessageContaining("more than 1000 levels");
            }
            assertHashSubscriptionWorks(bridge, "BEFORE");
            bridge.restart();
            assertHashSubscriptionWorks(bridge, "AFTER");
        }
    }

    /**
     * A data directory made unloadable the way the bridge did before topic limits: the binding of an
     * address of 30,000 levels, which the old SUBSCRIBE left behind, written into the bindings journal
     * as the broker wrote it. The bridge starts anyway, says what it set aside and where, and keeps
     * everything else.
     */
    @Test
    void aBindingTheBrokerCannotLoadIsSetAsideAndTheRestIsKept(CapturedOutput output) throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            storeSessionMessagesAndRetained(bridge);
            bridge.stop();
            appendBinding(new PersistentAddressBindingEncoding(SimpleString.of(levels(30_000)),
                    EnumSet.of(RoutingType.MULTICAST), true, false));
            bridge.start();
            assertThat(output.getOut().lines().filter(line -> line.contains("TBR0127W")))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("deeper or longer than the broker loads safely")
                            .contains(data.resolve("set-aside").toString()));
            Path setAside;
            try (Stream<Path> dirs = Files.list(data.resolve("set-aside"))) {
                setAside = dirs.findFirst().orElseThrow();
            }
            assertThat(setAside.resolve("set-aside.txt")).content().contains("a/a/a/a");
            assertThat(setAside.resolve("bindings")).isNotEmptyDirectory();
            assertThat(setAside.resolve("journal")).isNotEmptyDirectory();
            assertSessionMessagesAndRetainedSurvived(bridge);
            assertHashSubscriptionWorks(bridge, "AFTER");
        }
    }

    /** A binding record that does not decode (a torn or corrupted write) is set aside too. */
    @Test
    void aBindingRecordThatDoesNotDecodeIsSetAsideAndTheRestIsKept(CapturedOutput output) throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            storeSessionMessagesAndRetained(bridge);
            bridge.stop();
            appendBinding(new EncodingSupport() {
                @Override
                public int getEncodeSize() {
                    return 3;
                }

                @Override
                public void encode(ActiveMQBuffer buffer) {
                    buffer.writeBytes(new byte[] {0x7f, 0x7f, 0x7f});
                }

                @Override
                public void decode(ActiveMQBuffer buffer) {
                }
            });
            bridge.start();
            assertThat(output.getOut().lines().filter(line -> line.contains("TBR0127W")))
                    .singleElement().asString().contains("cannot be decoded");
            assertSessionMessagesAndRetainedSurvived(bridge);
        }
    }

    /** The worst inputs of issue 11 from one client, then a restart: the others carry on as before. */
    @Test
    void afterTheWorstTopicsARestartKeepsSessionsRetainedAndHashSubscriptions() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            storeSessionMessagesAndRetained(bridge);
            try (RawMqttClient hostile = RawMqttClient.open(bridge.mqttPort())) {
                hostile.connect("HOSTILE", false, 0);
                hostile.send(MqttMessageBuilders.subscribe().messageId(1)
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, levels(30_000))
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, "/".repeat(60_000))
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, "x".repeat(60_000))
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, "activemq.notifications")
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, "SYSTEM.MQTT.PERSISTENT.STATE")
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, "#")
                        .build());
                MqttSubAckMessage ack = (MqttSubAckMessage) hostile.expect(MqttMessageType.SUBACK);
                assertThat(ack.payload().grantedQoSLevels()).containsExactly(0x80, 0x80, 0x80, 0x80, 0x80, 1);
            }
            for (String topic : List.of(levels(30_000), "/".repeat(60_000), "activemq.management",
                    "SYSTEM.MQTT.PERSISTENT.STATE", "SYSTEM.MQTT.TRANSMIT.QUEUE")) {
                try (RawMqttClient hostile = RawMqttClient.open(bridge.mqttPort())) {
                    hostile.connect("HOSTILE", false, 0);
                    hostile.publish(topic, "x".getBytes(), 1, false, 1);
                    assertThat(hostile.awaitClosed(10, TimeUnit.SECONDS)).as(topic.substring(0, 10)).isTrue();
                }
            }
            bridge.restart();
            assertSessionMessagesAndRetainedSurvived(bridge);
            assertHashSubscriptionWorks(bridge, "AFTER");
        }
    }

    /** Writes an address binding record into the stopped broker's bindings journal, as the broker would. */
    private void appendBinding(EncodingSupport record) throws Exception {
        JournalImpl bindings = new JournalImpl(1024 * 1024, 2, 2, 0, 0,
                new NIOSequentialFileFactory(data.resolve("bindings").toFile(), 1), "activemq-bindings", "bindings", 1);
        bindings.start();
        try {
            bindings.load(new ArrayList<RecordInfo>(), new ArrayList<PreparedTransactionInfo>(), (tx, a, b) -> { }, false);
            bindings.appendAddRecord(Long.MAX_VALUE / 2, JournalRecordIds.ADDRESS_BINDING_RECORD, record, true);
        } finally {
            bindings.stop();
        }
    }

    private static void storeSessionMessagesAndRetained(BridgeInstance bridge) {
        Mqtt3BlockingClient keeper = client(bridge, "KEEPER");
        keeper.connectWith().cleanSession(false).send();
        keeper.subscribeWith().topicFilter("orders/+").qos(MqttQos.AT_LEAST_ONCE).send();
        keeper.disconnect();
        Mqtt3BlockingClient publisher = client(bridge, "PUBLISHER");
        publisher.connect();
        publisher.publishWith().topic("orders/1").payload("waiting".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).send();
        publisher.publishWith().topic("config/site").payload("retained".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
        publisher.disconnect();
    }

    private static void assertSessionMessagesAndRetainedSurvived(BridgeInstance bridge) throws Exception {
        Mqtt3BlockingClient keeper = client(bridge, "KEEPER");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = keeper.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(keeper.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
            Mqtt3Publish waiting = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(waiting.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("waiting");
            keeper.subscribeWith().topicFilter("config/+").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3Publish retained = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(retained.isRetain()).isTrue();
            assertThat(new String(retained.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("retained");
        }
        keeper.disconnect();
    }

    private static void assertHashSubscriptionWorks(BridgeInstance bridge, String id) throws Exception {
        Mqtt3BlockingClient client = client(bridge, id);
        client.connectWith().cleanSession(true).send();
        try (Mqtt3BlockingClient.Mqtt3Publishes in = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
            client.publishWith().topic("plain/topic").payload("hello".getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3Publish got = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            if (got.isRetain()) { // the retained publication of the other tests comes first
                got = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            }
            assertThat(got.getTopic().toString()).isEqualTo("plain/topic");
        }
        client.disconnect();
    }
}
