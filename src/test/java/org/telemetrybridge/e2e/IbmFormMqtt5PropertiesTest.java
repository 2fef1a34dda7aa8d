package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQMD1;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.ibmmq.IbmHeaderFixtures;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;

/**
 * An MQI request in the IBM form (MQXQH + MQMD built with IBM's classes: Format MQSTR in CCSID 1208,
 * Expiry, CorrelId, ReplyToQ) put on the embedded broker's SYSTEM.MQTT.TRANSMIT.QUEUE reaches an MQTT 5
 * device with payload format 1, the correlation data, the response topic and the expiry left: straight to
 * a connected device, and through the held queue to one whose session was away.
 */
class IbmFormMqtt5PropertiesTest {

    private static final byte[] TEXT = "set 21.5 °C".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path data;
    static BridgeInstance bridge;
    static JmsClient jms;

    @BeforeAll
    static void startBridge() throws JMSException {
        bridge = BridgeInstance.started(data, Map.of());
        jms = new JmsClient(bridge.jmsUrl());
    }

    @AfterAll
    static void stopBridge() throws JMSException {
        jms.close();
        bridge.close();
    }

    /** The request an MQI application puts to queue cmd/set on queue manager {@code client}, put just now. */
    private static void putRequest(String client) throws Exception {
        MQMD1 md = IbmHeaderFixtures.descriptor(CMQC.MQFMT_STRING, IbmHeaderFixtures.LINUX_ENCODING, 1208, true, 600);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        md.setPutDate(now.format(DateTimeFormatter.ofPattern("yyyyMMdd")));
        md.setPutTime(now.format(DateTimeFormatter.ofPattern("HHmmss")) + "00");
        md.setCorrelId(Arrays.copyOf("req-9".getBytes(StandardCharsets.US_ASCII), 24));
        md.setReplyToQ("replies/" + client);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        IbmHeaderFixtures.xqh(client, "cmd/set", md).write(out, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.ISO8859_1);
        out.write(TEXT);
        Session session = jms.session();
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(bytes.toByteArray());
        session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"))
                .send(message, DeliveryMode.PERSISTENT, 4, 0);
    }

    private static void assertProperties(Mqtt5Publish got, String client) {
        assertThat(got.getTopic().toString()).isEqualTo("cmd/set");
        assertThat(got.getPayloadAsBytes()).isEqualTo(TEXT);
        assertThat(got.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(got.getResponseTopic().map(Object::toString)).hasValue("replies/" + client);
        byte[] correlation = new byte[got.getCorrelationData().orElseThrow().remaining()];
        got.getCorrelationData().orElseThrow().duplicate().get(correlation);
        assertThat(correlation).isEqualTo("req-9".getBytes(StandardCharsets.US_ASCII));
        // Expiry 600 tenths from the put: what is left, never more [MQTT-3.3.2-6].
        assertThat(got.getMessageExpiryInterval().orElseThrow()).isBetween(1L, 60L);
    }

    @Test
    void aConnectedDeviceGetsTheRequestsPropertiesFromTheMqmd() throws Exception {
        Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("IBMV5A").serverHost("127.0.0.1")
                .serverPort(bridge.mqttPort()).buildBlocking();
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
            putRequest("IBMV5A");
            assertProperties(in.receive(10, TimeUnit.SECONDS).orElseThrow(), "IBMV5A");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void anAwayDeviceGetsThemFromTheHeldQueueToo() throws Exception {
        Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("IBMV5B").serverHost("127.0.0.1")
                .serverPort(bridge.mqttPort()).buildBlocking();
        device.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        device.subscribeWith().topicFilter("unrelated/#").qos(MqttQos.AT_LEAST_ONCE).send();
        device.disconnect();
        putRequest("IBMV5B");
        try (Mqtt5BlockingClient.Mqtt5Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            assertProperties(in.receive(10, TimeUnit.SECONDS).orElseThrow(), "IBMV5B");
        } finally {
            device.disconnect();
        }
    }
}
