package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.LogCapture;

/**
 * {@code bridge.transmit.hold-time}: messages held for an absent persistent session move to the
 * dead-letter queue once it is over, while messages for other clients keep flowing.
 */
class HoldTimeTest {

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    static JmsClient jms;

    @BeforeAll
    static void start() throws JMSException {
        bridge = BridgeInstance.started(data, Map.of("bridge.transmit.hold-time", "2s"));
        jms = new JmsClient(bridge.jmsUrl());
    }

    @AfterAll
    static void stop() throws JMSException {
        jms.close();
        bridge.close();
    }

    @Test
    void heldMessagesGoToTheDeadLetterQueueWhenTheHoldTimeIsOver() throws Exception {
        Mqtt3BlockingClient away = Devices.connected(bridge.mqttPort(), "AWAY1", false);
        away.disconnect();
        Mqtt3BlockingClient busy = Devices.connected(bridge.mqttPort(), "BUSY1");

        try (LogCapture log = new LogCapture();
             Mqtt3BlockingClient.Mqtt3Publishes busyIn = busy.publishes(MqttGlobalPublishFilter.ALL)) {
            send("AWAY1", "cmd/first", "one", DeliveryMode.PERSISTENT);
            send("AWAY1", "cmd/second", "two", DeliveryMode.PERSISTENT);

            // Other traffic goes on through the transmit queue until the held messages are
            // dead-lettered (hold time 2 s, then a sweep within 5 s) or 30 s pass.
            List<Message> dead = new ArrayList<>();
            try (MessageConsumer dlq = jms.session().createConsumer(
                    jms.session().createQueue("SYSTEM.DEAD.LETTER.QUEUE"), "mqtt_dlq_clientid = 'AWAY1'")) {
                long until = System.currentTimeMillis() + 30_000;
                int sent = 0;
                while (dead.size() < 2 && System.currentTimeMillis() < until) {
                    for (int i = 0; i < 50; i++) {
                        send("BUSY1", "cmd/tick", Integer.toString(sent++), DeliveryMode.NON_PERSISTENT);
                    }
                    for (int i = 0; i < 50; i++) {
                        assertThat(busyIn.receive(5, TimeUnit.SECONDS)).as("the other client's messages flow")
                                .isPresent();
                    }
                    Message message = dlq.receiveNoWait();
                    if (message != null) {
                        dead.add(message);
                    }
                }
            }
            assertThat(dead).as("both held messages dead-lettered").hasSize(2);
            assertThat(dead).allSatisfy(message -> {
                assertThat(message.getIntProperty("mqtt_dlq_reason_code")).isEqualTo(258);
                assertThat(message.getStringProperty("mqtt_dlq_reason")).contains("hold-time");
            });
            assertThat(dead.stream().map(HoldTimeTest::topic)).containsExactly("cmd/first", "cmd/second");
            assertThat(log.awaitMessage("TBR0045W", "AWAY1")).contains("hold-time");
        } finally {
            busy.disconnect();
        }

        Mqtt3BlockingClient back = Devices.client(bridge.mqttPort(), "AWAY1");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = back.publishes(MqttGlobalPublishFilter.ALL)) {
            back.connectWith().cleanSession(false).send();
            assertThat(in.receive(1, TimeUnit.SECONDS)).as("nothing left for the returning client").isEmpty();
        } finally {
            back.disconnect();
        }
    }

    private static void send(String clientId, String topic, String text, int deliveryMode) throws JMSException {
        Session session = jms.session();
        try (MessageProducer producer = session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"))) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(text.getBytes());
            message.setStringProperty("RemoteQMgrName", clientId);
            message.setStringProperty("RemoteQName", topic);
            producer.send(message, deliveryMode, Message.DEFAULT_PRIORITY, 0);
        }
    }

    private static String topic(Message message) {
        try {
            return message.getStringProperty("RemoteQName");
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
