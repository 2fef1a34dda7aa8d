package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.jms.JmsTransmitQueue;
import org.telemetrybridge.session.port.UndeliverableReason;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.LogCapture;

/**
 * A message on SYSTEM.MQTT.TRANSMIT.QUEUE whose body is larger than bridge.mqtt.max-packet-size (here
 * 64 KB), or inflates to more, goes to the dead-letter queue with reason 2218
 * (MQRC_MSG_TOO_BIG_FOR_CHANNEL, as an MQ channel treats a message over its MAXMSGL) without the bridge
 * reading it: whole, so nothing is lost, and the device's next message still arrives. Before, the
 * drain read every body whole, up to 2 GB, and inflated compressed ones without a limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransmitMessageSizeLimitTest {

    private static final int LIMIT = 64 * 1024;

    /** Static: JUnit fills an instance @TempDir only before each test, after @BeforeAll. */
    @TempDir
    static Path data;
    BridgeInstance bridge;
    JmsClient jms;

    @BeforeAll
    void start() throws JMSException {
        bridge = BridgeInstance.started(data, Map.of("bridge.mqtt.max-packet-size", "64KB"));
        jms = new JmsClient(bridge.jmsUrl());
    }

    @AfterAll
    void stop() throws JMSException {
        jms.close();
        bridge.close();
    }

    @Test
    void aBodyUpToTheLimitIsDeliveredAndOneByteMoreIsDeadLetteredWhole() throws Exception {
        byte[] fits = random(LIMIT, 1);
        byte[] regularTooLarge = random(LIMIT + 1, 2);   // sent as a regular message (< 100 KiB)
        byte[] largeTooLarge = random(300_000, 3);       // sent as a large message: a file in the broker
        Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "SIZEDEV", true);
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL);
             LogCapture log = new LogCapture()) {
            JmsTransmitQueue transmitQueue = bridge.bean(JmsTransmitQueue.class);
            long countedBefore = transmitQueue.deadLetteredCount(UndeliverableReason.MESSAGE_TOO_LARGE);
            jms.sendToDevice("SIZEDEV", "cmd/fits", fits, true);
            jms.sendToDevice("SIZEDEV", "cmd/regular", regularTooLarge, true);
            jms.sendToDevice("SIZEDEV", "cmd/large", largeTooLarge, true);
            jms.sendToDevice("SIZEDEV", "cmd/after", "after".getBytes(StandardCharsets.UTF_8), true);

            Mqtt3Publish first = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(first.getTopic().toString()).isEqualTo("cmd/fits");
            assertThat(first.getPayloadAsBytes()).isEqualTo(fits);
            Mqtt3Publish next = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(next.getTopic().toString()).as("the two too large skipped, the drain not stuck").isEqualTo("cmd/after");

            assertThat(log.awaitMessage("TBR0041W", "cmd/large")).contains("SIZEDEV").contains("2218");
            assertThat(transmitQueue.deadLetteredCount(UndeliverableReason.MESSAGE_TOO_LARGE) - countedBefore)
                    .as("bridge_transmit_deadlettered{reason=message_too_large}").isEqualTo(2);
        } finally {
            device.disconnect();
        }
        // The copies were made inside the broker, in a transaction: they are in its journal and files.
        jms.close();
        bridge.restart();
        jms = new JmsClient(bridge.jmsUrl());
        assertThat(deadLettered("cmd/regular")).isEqualTo(regularTooLarge);
        assertThat(deadLettered("cmd/large")).as("after a restart of the bridge").isEqualTo(largeTooLarge);
    }

    /**
     * Compressed by a producer that compresses bodies over 1 KB: 20 MB of zeros deflate to some 20 KB
     * (kept as a large message), 64 KB of zeros to a few hundred bytes (a regular one). What counts
     * is what the device would get: the first is dead-lettered, inflating stopped at the limit; the
     * second, exactly the limit once inflated, is delivered.
     */
    @Test
    void aCompressedMessageThatInflatesPastTheLimitIsDeadLetteredWithoutBeingInflated() throws Exception {
        Mqtt3BlockingClient device = Devices.connected(bridge.mqttPort(), "BOMBDEV", true);
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL);
             JmsClient compressing = new JmsClient(bridge.jmsUrl() + "&compressLargeMessage=true&minLargeMessageSize=1024")) {
            byte[] bomb = new byte[20 * 1024 * 1024];
            byte[] atTheLimit = new byte[LIMIT];
            compressing.sendToDevice("BOMBDEV", "cmd/bomb", bomb, true);
            compressing.sendToDevice("BOMBDEV", "cmd/zeros", atTheLimit, true);

            Mqtt3Publish delivered = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(delivered.getTopic().toString()).isEqualTo("cmd/zeros");
            assertThat(delivered.getPayloadAsBytes()).isEqualTo(atTheLimit);
            assertThat(deadLettered("cmd/bomb")).as("the dead-letter copy inflates to what was sent").isEqualTo(bomb);
        } finally {
            device.disconnect();
        }
    }

    /** The body of the dead-letter copy of the message sent on this topic, with reason 2218. */
    private byte[] deadLettered(String topic) throws JMSException {
        Session session = jms.session();
        try (MessageConsumer dlq = session.createConsumer(session.createQueue("SYSTEM.DEAD.LETTER.QUEUE"),
                "RemoteQName = '" + topic + "'")) {
            BytesMessage dead = (BytesMessage) dlq.receive(10_000);
            assertThat(dead).as("dead-letter copy of " + topic).isNotNull();
            assertThat(dead.getIntProperty("mqtt_dlq_reason_code")).isEqualTo(2218);
            assertThat(dead.getStringProperty("mqtt_dlq_reason")).contains("bridge.mqtt.max-packet-size");
            assertThat(dead.getStringProperty("mqtt_dlq_clientid")).isNotBlank();
            byte[] body = new byte[(int) dead.getBodyLength()];
            dead.readBytes(body);
            return body;
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
