package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.RawMqttClient;

/** Whatever topic a client sends, the bridge and its stored data stay usable for everyone else. */
class HostileTopicsTest {

    @TempDir
    Path data;

    private static String levels(int count) {
        return "a/".repeat(count - 1) + "a";
    }

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

    private static void assertHashSubscriptionWorks(BridgeInstance bridge, String id) throws Exception {
        Mqtt3BlockingClient client = Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1")
                .serverPort(bridge.mqttPort()).buildBlocking();
        client.connectWith().cleanSession(true).send();
        try (Mqtt3BlockingClient.Mqtt3Publishes in = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
            client.publishWith().topic("plain/topic").payload("hello".getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3Publish got = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(got.getTopic().toString()).isEqualTo("plain/topic");
        }
        client.disconnect();
    }
}
