package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;

/**
 * MQTT 5 reason codes for what authentication and authorization refuse, with the test policy of
 * {@link AuthorizationHooksTest}: CONNACK 0x86 and 0x87, PUBACK and PUBREC 0x87 (MQTT 3.1.1 can only
 * acknowledge and drop), SUBACK 0x87.
 */
class Mqtt5AuthorizationTest {

    @TempDir
    static Path data;
    private static BridgeInstance bridge;

    @BeforeAll
    static void start() {
        bridge = new BridgeInstance(data, Map.of(), AuthorizationHooksTest.TestPolicy.class).start();
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private static Mqtt5BlockingClient client(String clientId) {
        return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(bridge.mqttPort())
                .buildBlocking();
    }

    private static Mqtt5BlockingClient connected(String clientId) {
        Mqtt5BlockingClient client = client(clientId);
        client.connectWith().simpleAuth().username("good").password(bytes("secret")).applySimpleAuth().send();
        return client;
    }

    @Test
    void wrongCredentialsGet0x86AndARefusedUser0x87() {
        Mqtt5ConnAckException wrong = assertThrows(Mqtt5ConnAckException.class, () -> client("WRONG5").connectWith()
                .simpleAuth().username("good").password(bytes("guess")).applySimpleAuth().send());
        assertThat(wrong.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        Mqtt5ConnAckException banned = assertThrows(Mqtt5ConnAckException.class, () -> client("BANNED5").connectWith()
                .simpleAuth().username("banned").password(bytes("any")).applySimpleAuth().send());
        assertThat(banned.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void aDeniedPublishGetsNotAuthorizedAtQos1AndQos2() {
        Mqtt5BlockingClient client = connected("DENIED5");
        try {
            Mqtt5PubAckException puback = assertThrows(Mqtt5PubAckException.class, () -> client.publishWith()
                    .topic("private/x").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("no")).send());
            assertThat(puback.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(puback.getMqttMessage().getReasonString().map(Object::toString).orElse(""))
                    .contains("not authorized");
            Mqtt5PubRecException pubrec = assertThrows(Mqtt5PubRecException.class, () -> client.publishWith()
                    .topic("private/y").qos(MqttQos.EXACTLY_ONCE).payload(bytes("no")).send());
            assertThat(pubrec.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NOT_AUTHORIZED);
            // The connection carries on: an allowed publication is acknowledged as usual.
            client.publishWith().topic("public/z").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("yes")).send();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aDeniedFilterGetsNotAuthorizedInSuback() {
        Mqtt5BlockingClient client = connected("SUBDENIED5");
        try {
            Mqtt5SubAckException suback = assertThrows(Mqtt5SubAckException.class,
                    () -> client.subscribeWith().topicFilter("private/#").send());
            assertThat(suback.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            client.disconnect();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
