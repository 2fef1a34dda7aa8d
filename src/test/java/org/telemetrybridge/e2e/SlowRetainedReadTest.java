package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedDialect;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.backend.jms.OnEmbeddedDialect;
import org.telemetrybridge.config.JmsProperties;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.LogCapture;

/**
 * Reading retained publications can block (on IBM MQ it opens a consumer and waits for it): a
 * subscriber whose read is slow must not stall the other clients of its network thread, and a read
 * that fails leaves the subscription working without its retained publications (TBR0046W).
 */
class SlowRetainedReadTest {

    /** Released by the test; until then every retained read waits, then it fails. */
    static final CountDownLatch READ_MAY_END = new CountDownLatch(1);
    static final CountDownLatch READ_STARTED = new CountDownLatch(1);

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        // One network thread, so that the slow subscriber and the other client share it.
        bridge = new BridgeInstance(data, Map.of("bridge.mqtt.io-threads", 1), SlowRetainedBackend.class).start();
    }

    @AfterAll
    static void stopBridge() {
        READ_MAY_END.countDown();
        bridge.close();
    }

    @Test
    void aSlowRetainedReadStallsNoOtherClientAndAFailedOneLeavesTheSubscriptionWorking() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Mqtt3AsyncClient slow = Devices.connected(bridge.mqttPort(), "SLOWSUB").toAsync();
            List<Mqtt3Publish> received = new CopyOnWriteArrayList<>();
            slow.publishes(MqttGlobalPublishFilter.ALL, received::add);
            var subAck = slow.subscribeWith().topicFilter("slow/#").qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS);
            assertThat(subAck.getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
            assertThat(READ_STARTED.await(10, TimeUnit.SECONDS)).as("the retained read began").isTrue();

            // While that read waits, another client on the same network thread still gets through.
            Mqtt3BlockingClient other = Devices.connected(bridge.mqttPort(), "OTHER");
            try (Mqtt3BlockingClient.Mqtt3Publishes publishes = other.publishes(MqttGlobalPublishFilter.ALL)) {
                other.subscribeWith().topicFilter("other/echo").qos(MqttQos.AT_LEAST_ONCE).send();
                other.publishWith().topic("other/echo").payload("ping".getBytes()).qos(MqttQos.AT_LEAST_ONCE).send();
                Optional<Mqtt3Publish> echo = publishes.receive(10, TimeUnit.SECONDS);
                assertThat(echo).as("a round trip while the retained read is blocked").isPresent();
            }
            READ_MAY_END.countDown();

            assertThat(log.awaitMessage("TBR0046W", "SLOWSUB", "slow/#")).isNotNull();
            other.publishWith().topic("slow/live").payload("live".getBytes()).qos(MqttQos.AT_LEAST_ONCE).send();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            assertThat(received).as("live publications after the failed read").hasSize(1);
            assertThat(new String(received.get(0).getPayloadAsBytes())).isEqualTo("live");
            other.disconnect();
            slow.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    /** The embedded dialect, but its retained read waits for the test and then fails. */
    record SlowRetainedDialect(EmbeddedDialect embedded) implements OnEmbeddedDialect.Direct {

        @Override
        public List<Delivery> retained(String filter, Connection connection) throws JMSException {
            READ_STARTED.countDown();
            try {
                READ_MAY_END.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new JMSException("the queue manager went away (simulated)");
        }

        @Override
        public String describe() {
            return "embedded Artemis with a slow retained read";
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SlowRetainedBackend {

        @Bean(initMethod = "start", destroyMethod = "stop")
        @Primary
        JmsBackend backendWithSlowRetainedRead(EmbeddedBroker broker, JmsProperties properties) {
            return new JmsBackend(new SlowRetainedDialect(EmbeddedBackendConfiguration.dialect(broker)), properties.publisherThreads(),
                    properties.reconnectBackOff());
        }
    }
}
