package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedDialect;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.backend.jms.OnEmbeddedDialect;
import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.config.JmsProperties;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;

/**
 * A queue manager's MAXHANDS caps the objects one connection holds open (IBM MQ: MQRC 2017 past it).
 * Here the embedded stand-in plays a queue manager with MAXHANDS(40), every publication goes through
 * JMS producers as on IBM MQ, and devices publish to far more distinct topics than that: nothing is
 * lost, and no bridge session ever holds more producers than the limit.
 */
class ManyTopicsFewHandlesTest {

    private static final int MAX_HANDS = 40;
    private static final int TOPICS = 120;

    /** The embedded dialect with a queue manager's handle limit, publishing through JMS only. */
    record FewHandlesDialect(EmbeddedDialect embedded) implements OnEmbeddedDialect {
        @Override
        public int maxHandles() {
            return MAX_HANDS;
        }

        @Override
        public String describe() {
            return "embedded Artemis with MAXHANDS(" + MAX_HANDS + ")";
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FewHandles {
        @Bean(initMethod = "start", destroyMethod = "stop")
        @Primary
        JmsBackend backendWithFewHandles(EmbeddedBroker broker, JmsProperties properties) {
            return new JmsBackend(new FewHandlesDialect(EmbeddedBackendConfiguration.dialect(broker)),
                    properties.publisherThreads(), properties.reconnectBackOff());
        }
    }

    @Test
    void publicationsToMoreTopicsThanMaxHandsAllArriveWithinTheHandleLimit(@TempDir Path data) throws Exception {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of(), FewHandles.class).start();
             JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            MessageConsumer consumer = jms.session().createConsumer(jms.session().createTopic("fleet/#"));
            Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "MANYTOPICS1");
            int mostProducers = 0;
            // Sent without waiting for each PUBACK, so that the bridge commits them in batches.
            List<CompletableFuture<?>> acknowledged = new ArrayList<>();
            for (int round = 0; round < 2; round++) { // the second round reopens evicted producers
                for (int i = 0; i < TOPICS; i++) {
                    acknowledged.add(device.toAsync().publishWith().topic("fleet/truck" + i)
                            .qos(MqttQos.AT_LEAST_ONCE).payload((round + ":" + i).getBytes(StandardCharsets.UTF_8))
                            .send());
                    mostProducers = Math.max(mostProducers, mostProducersOfOneSession(bridge.broker()));
                }
            }

            Set<String> received = new HashSet<>();
            for (int i = 0; i < 2 * TOPICS; i++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("publication %d of %d", i + 1, 2 * TOPICS).isNotNull();
                BytesMessage bytes = (BytesMessage) message;
                byte[] payload = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(payload);
                received.add(new String(payload, StandardCharsets.UTF_8));
                mostProducers = Math.max(mostProducers, mostProducersOfOneSession(bridge.broker()));
            }
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(received).hasSize(2 * TOPICS);
            assertThat(mostProducers).as("producers of one bridge session, against MAXHANDS").isPositive()
                    .isLessThanOrEqualTo(MAX_HANDS);
            device.disconnect();
        }
    }

    private static int mostProducersOfOneSession(EmbeddedBroker broker) {
        return broker.server().getSessions().stream().mapToInt(ServerSession::getProducerCount).max().orElse(0);
    }
}
