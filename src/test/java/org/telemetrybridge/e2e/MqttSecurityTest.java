package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.telemetrybridge.security.MosquittoPasswd;
import org.telemetrybridge.security.UsersCommand;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.Mosquitto;
import org.telemetrybridge.support.RawMqttClient;

/**
 * MQTT users and ACLs with real peers: a password file written by mosquitto_passwd and the users
 * command, an ACL file in Mosquitto's format, Debian's mosquitto_pub/sub as clients; both files changed
 * while the bridge runs.
 */
class MqttSecurityTest {

    private static final String ACL = """
            # anonymous clients: nothing
            user alice
            topic readwrite plant/#
            topic deny plant/secret
            user bob
            topic read plant/+/temp
            pattern write devices/%c/status
            user watcher
            topic read #
            """;

    @TempDir
    static Path dir;
    static Path passwords;
    static Path acl;
    static BridgeInstance bridge;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        passwords = dir.resolve("passwd");
        acl = dir.resolve("acl");
        MosquittoPasswd.set(passwords, "alice", "alice-pw", null);
        assertThat(users("-b", passwords.toString(), "bob", "bob-pw")).isZero();
        assertThat(users("-b", "-H", "bcrypt", passwords.toString(), "watcher", "watcher-pw")).isZero();
        Files.writeString(acl, ACL);
        bridge = new BridgeInstance(dir.resolve("data"), Map.of(
                "bridge.security.password-file", passwords,
                "bridge.security.acl-file", acl,
                "bridge.security.reload-interval", "100ms",
                "bridge.security.failure-delay.initial", "10ms",
                "bridge.security.failure-delay.max", "40ms")).start();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static int users(String... args) {
        CommandLine command = new CommandLine(new UsersCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        return command.execute(args);
    }

    /** Rewrites a file and moves its time on, so the change is seen whatever the clock's resolution. */
    private static void rewrite(Path file, String content) throws Exception {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    }

    private static Mosquitto.Result pub(String... args) {
        return Mosquitto.pub(bridge.mqttPort(), args);
    }

    private static MqttConnectReturnCode connect(RawMqttClient client, String clientId, String user, String password) {
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect().clientId(clientId)
                .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).keepAlive(60);
        if (user != null) {
            connect.hasUser(true).username(user).hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        client.send(connect.build());
        return ((MqttConnAckMessage) client.expect(MqttMessageType.CONNACK)).variableHeader().connectReturnCode();
    }

    /** [MQTT-3.2.2-5] the refusing CONNACK, then the close; mosquitto_pub prints the return code's meaning. */
    @Test
    void aWrongPasswordOrAnUnknownUserIsABadUserNameOrPasswordAndAnonymousClientsAreNotAuthorised() {
        double before = failures("bad_credentials");
        try (LogCapture log = new LogCapture()) {
            Mosquitto.Result wrong = pub("-i", "WRONGPW", "-u", "alice", "-P", "guess", "-t", "plant/a", "-m", "x");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.stderr()).contains("Connection Refused: bad user name or password.");

            Mosquitto.Result unknown = pub("-i", "NOBODY", "-u", "mallory", "-P", "alice-pw", "-t", "plant/a", "-m", "x");
            assertThat(unknown.stderr()).contains("Connection Refused: bad user name or password.");

            Mosquitto.Result anonymous = pub("-i", "ANON", "-t", "plant/a", "-m", "x");
            assertThat(anonymous.stderr()).contains("Connection Refused: not authorised.");

            log.awaitMessage("TBR0090W", "WRONGPW", "bad user name or password", "wrong password for user 'alice'");
            log.awaitMessage("TBR0090W", "NOBODY", "unknown user 'mallory'");
            log.awaitMessage("TBR0090W", "ANON", "not authorized", "anonymous clients are not allowed");
            log.awaitMessage("TBR0097W", "127.0.0.1");
            assertThat(log.messages()).noneMatch(line -> line.contains("guess") || line.contains("alice-pw"));
        }
        assertThat(failures("bad_credentials") - before).isEqualTo(2);
        assertThat(failures("not_authorized")).isPositive();

        Mosquitto.Result right = pub("-i", "RIGHTPW", "-u", "alice", "-P", "alice-pw", "-t", "plant/a", "-m", "x");
        assertThat(right.exitCode()).as(right.stderr()).isZero();
    }

    private static double failures(String reason) {
        var counter = bridge.bean(MeterRegistry.class).find("bridge.mqtt.authentication.failures")
                .tags("listener", "default", "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theAclLetsThroughWhatItAllowsAndDropsOrRefusesTheRest() throws Exception {
        Process watcher = Mosquitto.startSubscribed(bridge.mqttPort(), "-i", "WATCHER", "-u", "watcher",
                "-P", "watcher-pw", "-t", "#", "-q", "1", "-v", "-C", "1", "-W", "20");
        try (LogCapture log = new LogCapture()) {
            assertThat(pub("-i", "ALICE1", "-u", "alice", "-P", "alice-pw", "-q", "1", "-t", "plant/secret",
                    "-m", "denied").exitCode()).as("acknowledged, not refused").isZero();
            log.awaitMessage("TBR0091W", "ALICE1", "plant/secret");
            assertThat(pub("-i", "BOBPUB", "-u", "bob", "-P", "bob-pw", "-q", "1", "-t", "plant/hall/temp",
                    "-m", "bob may only read").exitCode()).isZero();
            log.awaitMessage("TBR0091W", "BOBPUB", "plant/hall/temp");
        }
        assertThat(pub("-i", "ALICE2", "-u", "alice", "-P", "alice-pw", "-q", "1", "-t", "plant/hall/temp",
                "-m", "21.5").exitCode()).isZero();
        Mosquitto.Result received = Mosquitto.finishSubscribed(watcher);
        assertThat(received.stdout().strip()).as("only the allowed publication").isEqualTo("plant/hall/temp 21.5");

        try (RawMqttClient bob = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(connect(bob, "BOBRAW", "bob", "bob-pw")).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            bob.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "plant/#")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "plant/+/temp")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/BOBRAW/status").build());
            MqttSubAckMessage ack = (MqttSubAckMessage) bob.expect(MqttMessageType.SUBACK);
            assertThat(ack.payload().grantedQoSLevels()).as("[MQTT-3.9.3-2] 0x80 per refused filter")
                    .containsExactly(0x80, 1, 0x80);
        }
    }

    @Test
    void theMosquittoSubscriberIsToldItsSubscriptionWasDenied() {
        Mosquitto.Result denied = Mosquitto.sub(bridge.mqttPort(), "-i", "BOBALL", "-u", "bob", "-P", "bob-pw",
                "-t", "plant/#", "-C", "1", "-W", "10");
        assertThat(denied.stdout() + denied.stderr()).contains("All subscription requests were denied.");
    }

    @Test
    void bothFilesAreReloadedWhileTheBridgeRuns() throws Exception {
        try (RawMqttClient carol = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(connect(carol, "CAROL0", "carol", "carol-pw"))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        }
        try (LogCapture log = new LogCapture()) {
            assertThat(users("-b", passwords.toString(), "carol", "carol-pw")).isZero();
            log.awaitMessage("TBR0093I", "bridge.security.password-file", "4 users");
        }
        try (RawMqttClient carol = RawMqttClient.open(bridge.mqttPort())) {
            assertThat(connect(carol, "CAROL1", "carol", "carol-pw")).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            carol.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_MOST_ONCE, "hall/#").build());
            assertThat(((MqttSubAckMessage) carol.expect(MqttMessageType.SUBACK)).payload().grantedQoSLevels())
                    .containsExactly(0x80);

            try (LogCapture log = new LogCapture()) {
                rewrite(acl, ACL + "user carol\ntopic read hall/#\n");
                log.awaitMessage("TBR0093I", "bridge.security.acl-file");
            }
            carol.send(MqttMessageBuilders.subscribe().messageId(2).addSubscription(MqttQoS.AT_MOST_ONCE, "hall/#").build());
            assertThat(((MqttSubAckMessage) carol.expect(MqttMessageType.SUBACK)).payload().grantedQoSLevels())
                    .as("the connected client's next SUBSCRIBE sees the new rules").containsExactly(0);

            try (LogCapture log = new LogCapture()) {
                rewrite(acl, ACL + "user carol\ntopic read hall/#\ntopic read more/#/x\n");
                log.awaitMessage("TBR0094W", "bridge.security.acl-file", "line 12", "more/#/x");
            }
            carol.send(MqttMessageBuilders.subscribe().messageId(3).addSubscription(MqttQoS.AT_MOST_ONCE, "hall/+").build());
            assertThat(((MqttSubAckMessage) carol.expect(MqttMessageType.SUBACK)).payload().grantedQoSLevels())
                    .as("a bad file keeps the rules before it").containsExactly(0);
        } finally {
            rewrite(acl, ACL);
        }

        MosquittoPasswd.set(passwords, "carol", "changed-pw", null);
        Awaitility.await("carol's new password").atMost(Duration.ofSeconds(20)).until(() -> {
            try (RawMqttClient carol = RawMqttClient.open(bridge.mqttPort())) {
                return connect(carol, "CAROL2", "carol", "changed-pw") == MqttConnectReturnCode.CONNECTION_ACCEPTED;
            }
        });
    }
}
