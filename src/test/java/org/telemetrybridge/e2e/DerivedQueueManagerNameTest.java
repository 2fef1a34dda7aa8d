package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * The default rule {@code derived}: any client id MQTT allows [MQTT-3.1.3-5] is accepted, and one that is
 * not a queue manager name is addressed from MQ by its derived pseudo queue manager name.
 */
class DerivedQueueManagerNameTest {

    private static final String UUID_ID = "550e8400-e29b-41d4-a716-446655440000";

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeInstance.started(data);
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    @Test
    void aUuidClientIsAcceptedAndReachedByItsDerivedName() throws Exception {
        String name = ClientIdRule.derive(UUID_ID);
        try (LogCapture log = new LogCapture();
             RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(((MqttConnAckMessage) device.connect(UUID_ID, true, 0)).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(log.awaitMessage("TBR0245I", UUID_ID)).contains(name);
            sendTo(name, "cmd/reboot", "now");
            MqttPublishMessage publish = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
            assertThat(publish.variableHeader().topicName()).isEqualTo("cmd/reboot");
            assertThat(publish.payload().toString(StandardCharsets.UTF_8)).isEqualTo("now");
        }
    }

    @Test
    void aPersistentClientAwayGetsWhatWasSentToItsDerivedNameWhenItReturns() throws Exception {
        String id = "device:00:1b:44:11:3a:b7";
        try (RawMqttClient first = RawMqttClient.open(bridge.mqttPort())) {
            first.connect(id, false, 0);
            first.disconnect();
        }
        sendTo(ClientIdRule.derive(id), "cmd/config", "v2");
        try (RawMqttClient back = RawMqttClient.open(bridge.mqttPort())) {
            MqttConnAckMessage ack = (MqttConnAckMessage) back.connect(id, false, 0);
            assertThat(ack.variableHeader().isSessionPresent()).isTrue();
            MqttPublishMessage publish = (MqttPublishMessage) back.expect(MqttMessageType.PUBLISH);
            assertThat(publish.payload().toString(StandardCharsets.UTF_8)).isEqualTo("v2");
        }
    }

    @Test
    void anIdThatIsAnotherClientsDerivedNameIsRefused() {
        String owner = "owner-1";
        try (LogCapture log = new LogCapture();
             RawMqttClient first = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient impostor = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(((MqttConnAckMessage) first.connect(owner, true, 0)).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            MqttConnAckMessage refused = (MqttConnAckMessage) impostor.connect(ClientIdRule.derive(owner), true, 0);
            assertThat(refused.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(log.awaitMessage("TBR0244W")).contains("'" + owner + "'");
            assertThat(first.isOpen()).isTrue();
        }
    }

    /** An MQ application's put to queue manager {@code name}, in the embedded stand-in's property form. */
    private static void sendTo(String name, String topic, String text) throws JMSException {
        try (JmsClient jms = new JmsClient(bridge.jmsUrl())) {
            BytesMessage message = jms.session().createBytesMessage();
            message.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            message.setStringProperty("RemoteQMgrName", name);
            message.setStringProperty("RemoteQName", topic);
            jms.session().createProducer(jms.session().createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE")).send(message);
        }
    }
}
