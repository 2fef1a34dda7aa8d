package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.Authorizer;
import org.telemetrybridge.session.port.ClientIdentity;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * The authentication step on the way to CONNACK and the authorization check on PUBLISH and SUBSCRIBE,
 * with a test policy in place of the allow-all default: wrong credentials get CONNACK 4, a refused
 * client 5, a denied PUBLISH is acknowledged and dropped, a denied filter gets 0x80.
 */
class AuthorizationHooksTest {

    /** Users: "good" / "secret"; "banned" is known but refused. Nobody may use topics under "private/". */
    @Configuration(proxyBeanMethods = false)
    static class TestPolicy {

        @Bean
        Authenticator authenticator() {
            return credentials -> {
                String password = credentials.password() == null ? null
                        : new String(credentials.password(), StandardCharsets.UTF_8);
                if ("banned".equals(credentials.userName())) {
                    return CompletableFuture.completedFuture(Authenticator.Outcome.notAuthorized("banned user"));
                }
                if (!"good".equals(credentials.userName()) || !"secret".equals(password)) {
                    return CompletableFuture.completedFuture(Authenticator.Outcome.badCredentials("unknown user"));
                }
                return CompletableFuture.completedFuture(Authenticator.Outcome.accepted(
                        new ClientIdentity(credentials.clientId(), credentials.userName())));
            };
        }

        @Bean
        Authorizer authorizer() {
            return new Authorizer() {
                @Override
                public boolean mayPublish(ClientIdentity client, String topic) {
                    return !topic.startsWith("private/");
                }

                @Override
                public boolean maySubscribe(ClientIdentity client, String filter) {
                    return !filter.startsWith("private/");
                }
            };
        }
    }

    @TempDir
    static Path data;

    private static BridgeInstance bridge;

    @BeforeAll
    static void start() {
        bridge = new BridgeInstance(data, Map.of(), TestPolicy.class).start();
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private static MqttConnectReturnCode connect(RawMqttClient client, String clientId, String user, String password,
                                                 String willTopic) {
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect().clientId(clientId)
                .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).keepAlive(60);
        if (user != null) {
            connect.hasUser(true).username(user);
        }
        if (password != null) {
            connect.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        if (willTopic != null) {
            connect.willFlag(true).willTopic(willTopic).willMessage(new byte[0]).willQoS(MqttQoS.AT_MOST_ONCE);
        }
        client.send(connect.build());
        return ((MqttConnAckMessage) client.expect(MqttMessageType.CONNACK)).variableHeader().connectReturnCode();
    }

    private static RawMqttClient connected(String clientId) {
        RawMqttClient client = RawMqttClient.open(bridge.mqttPort());
        assertThat(connect(client, clientId, "good", "secret", null)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return client;
    }

    /** [MQTT-3.2.2-5] a refusing CONNACK is followed by the close of the connection. */
    @Test
    void wrongCredentialsGetReturnCode4AndARefusedUser5() {
        try (LogCapture log = new LogCapture(); RawMqttClient wrong = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient none = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient banned = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(connect(wrong, "WRONG", "good", "guess", null))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            assertThat(connect(none, "NONE", null, null, null))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            assertThat(connect(banned, "BANNED", "banned", "any", null))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            assertThat(wrong.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            log.awaitMessage("TBR0090W", "WRONG", "bad user name or password");
            log.awaitMessage("TBR0090W", "BANNED", "not authorized");
            assertThat(log.messages()).noneMatch(line -> line.contains("guess"));
        }
    }

    @Test
    void aWillTheClientMayNotPublishRefusesTheConnect() {
        try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(connect(client, "WILLY", "good", "secret", "private/will"))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        }
    }

    @Test
    void aDeniedPublishIsAcknowledgedAndNotForwarded() {
        try (LogCapture log = new LogCapture(); RawMqttClient watcher = connected("WATCHER");
             RawMqttClient device = connected("SNEAKY")) {
            watcher.subscribe(1, "#", 1);
            device.publish("private/secret", "x".getBytes(), 1, false, 5);
            assertThat(device.expect(MqttMessageType.PUBACK)).isNotNull();
            device.publish("private/secret", "y".getBytes(), 2, false, 6);
            assertThat(device.expect(MqttMessageType.PUBREC)).isNotNull();
            device.ack(MqttMessageType.PUBREL, 6);
            assertThat(device.expect(MqttMessageType.PUBCOMP)).isNotNull();
            device.publish("public/news", "z".getBytes(), 1, false, 7);

            MqttPublishMessage first = (MqttPublishMessage) watcher.expect(MqttMessageType.PUBLISH);
            assertThat(first.variableHeader().topicName()).as("only the allowed publication").isEqualTo("public/news");
            log.awaitMessage("TBR0091W", "SNEAKY", "private/secret");
        }
    }

    @Test
    void aDeniedFilterGets0x80AndTheOthersAreGranted() {
        try (LogCapture log = new LogCapture(); RawMqttClient device = connected("CURIOUS")) {
            device.send(MqttMessageBuilders.subscribe().messageId(3)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "private/#")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "public/#").build());
            MqttSubAckMessage ack = (MqttSubAckMessage) device.expect(MqttMessageType.SUBACK);
            assertThat(ack.payload().grantedQoSLevels()).containsExactly(0x80, 1);
            log.awaitMessage("TBR0092W", "CURIOUS", "private/#");
        }
    }

    /** A shared subscription is checked by its filter part, what it receives, not by its group name. */
    @Test
    void aSharedSubscriptionIsAuthorizedByItsFilter() {
        try (LogCapture log = new LogCapture(); RawMqttClient device = connected("SHARER")) {
            device.send(MqttMessageBuilders.subscribe().messageId(4)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$share/g/private/#")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$share/private/public/#").build());
            MqttSubAckMessage ack = (MqttSubAckMessage) device.expect(MqttMessageType.SUBACK);
            assertThat(ack.payload().grantedQoSLevels()).containsExactly(0x80, 1);
            log.awaitMessage("TBR0092W", "SHARER", "$share/g/private/#");
        }
    }
}
