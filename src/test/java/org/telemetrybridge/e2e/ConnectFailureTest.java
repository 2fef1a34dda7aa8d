package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedDialect;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.backend.jms.OnEmbeddedDialect;
import org.telemetrybridge.config.JmsProperties;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * A backend step that fails or stalls on the way to CONNACK leaves no trace: the client is refused
 * (or timed out), and the next CONNECT with the same client id is served as if the failed one had
 * never happened (issue 11, defect 3).
 */
class ConnectFailureTest {

    /** Storing the state of a client whose id starts with this fails while {@link #failSaves} is set. */
    static volatile boolean failSaves;
    /** Storing the state of STALLSAVE waits for {@link #STALL_ENDS} while this is set, then fails. */
    static volatile boolean stallSaves;
    static final CountDownLatch STALL_ENDS = new CountDownLatch(1);

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        bridge = new BridgeInstance(data, Map.of("bridge.mqtt.connect-timeout", "2s"), FailingBackend.class).start();
    }

    @AfterAll
    static void stopBridge() {
        STALL_ENDS.countDown();
        bridge.close();
    }

    @Test
    void aFailedSaveOfANewPersistentSessionRefusesTheClientAndTheNextConnectSucceeds() {
        failSaves = true;
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            MqttConnAckMessage refused = (MqttConnAckMessage) device.connect("FAILSAVE", false, 60);
            assertThat(refused.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            assertThat(device.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            failSaves = false;
        }
        assertThat(bridge.bean(SessionRegistry.class).find("FAILSAVE")).as("no session kept for a refused CONNECT")
                .isNull();
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            MqttConnAckMessage accepted = (MqttConnAckMessage) device.connect("FAILSAVE", false, 60);
            assertThat(accepted.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(accepted.variableHeader().isSessionPresent()).as("the refused attempt left no session").isFalse();
            device.disconnect();
        }
    }

    @Test
    void aStalledBackendStepEndsInTheConnectTimeoutAndLeavesTheClientIdFree() {
        stallSaves = true;
        try (LogCapture log = new LogCapture(); RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            device.send(device.connectMessage("STALLSAVE", false, 60));
            assertThat(device.awaitClosed(10, TimeUnit.SECONDS)).as("closed by the connect timeout").isTrue();
            MqttMessage answer = device.poll(0, TimeUnit.SECONDS);
            assertThat(answer).as("no CONNACK for a CONNECT that was not completed").isNull();
            assertThat(log.awaitMessage("TBR0140W", "STALLSAVE")).isNotNull();
        } finally {
            stallSaves = false;
            STALL_ENDS.countDown();
        }
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            MqttConnAckMessage accepted = (MqttConnAckMessage) device.connect("STALLSAVE", false, 60);
            assertThat(accepted.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(accepted.variableHeader().isSessionPresent()).isFalse();
            device.disconnect();
        }
    }

    /** The embedded dialect, with backend steps of CONNECT that fail or stall when a test says so. */
    record FailingDialect(EmbeddedDialect embedded) implements OnEmbeddedDialect.Direct {

        @Override
        public void markLastValue(Message message, String key) throws JMSException {
            if (failSaves && key.equals("FAILSAVE")) {
                throw new JMSException("the queue manager refused the session state (simulated)");
            }
            if (key.equals("STALLSAVE") && stallSaves) {
                try {
                    STALL_ENDS.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new JMSException("the queue manager did not answer (simulated)");
            }
            embedded.markLastValue(message, key);
        }

        @Override
        public String describe() {
            return "embedded Artemis whose CONNECT steps fail on demand";
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingBackend {

        @Bean(initMethod = "start", destroyMethod = "stop")
        @Primary
        JmsBackend backendWithFailingConnectSteps(EmbeddedBroker broker, JmsProperties properties) {
            return new JmsBackend(new FailingDialect(EmbeddedBackendConfiguration.dialect(broker)), properties.publisherThreads(),
                    properties.reconnectBackOff());
        }
    }
}
