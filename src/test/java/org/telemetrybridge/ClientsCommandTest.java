package org.telemetrybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.telemetrybridge.admin.ClientsCommand;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.RawMqttClient;

/** {@code clients list|show|disconnect|purge} against a running bridge, through its /actuator/clients endpoint. */
class ClientsCommandTest {

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

    private static String run(String... args) {
        StringWriter text = new StringWriter();
        CommandLine command = new CommandLine(new ClientsCommand());
        command.setOut(new PrintWriter(text));
        List<String> all = new ArrayList<>(List.of("--url", "http://127.0.0.1:" + bridge.httpPort()));
        all.addAll(List.of(args));
        int status = command.execute(all.toArray(String[]::new));
        return status + "\n" + text;
    }

    @Test
    void listPagesThroughMoreClientsThanOnePageHolds() {
        List<RawMqttClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1100; i++) {
                RawMqttClient client = RawMqttClient.open(bridge.mqttPort());
                clients.add(client);
                client.connect(String.format("MANY%04d", i), true, 0);
            }
            String output = run("list", "--prefix", "MANY");
            assertThat(output).startsWith("0\n").contains("1100 client(s)").contains("MANY0000").contains("MANY1099");
            assertThat(output.lines().filter(line -> line.startsWith("MANY"))).hasSize(1100).doesNotHaveDuplicates();
            assertThat(run("list", "--prefix", "MANY00", "--state", "connected")).contains("100 client(s)");
        } finally {
            clients.forEach(RawMqttClient::close);
        }
    }

    @Test
    void showGivesTheConnectionSubscriptionsAndHeldMessages() throws Exception {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            device.connect("SHOWME", false, 30);
            device.subscribe(1, "show/#", 1);
            String shown = run("show", "SHOWME");
            assertThat(shown).startsWith("0\n").contains("state:            connected")
                    .contains("session:          persistent").contains("protocol level:   4")
                    .contains("keep-alive:       30 s").contains("subscription:     show/# qos 1")
                    .contains("queueManagerName: SHOWME").containsPattern("last packet in:   20\\d\\d-")
                    .containsPattern("last packet out:  20\\d\\d-").contains("away since:       -");
            device.disconnect();
        }
        assertThat(run("show", "SHOWME")).contains("state:            away").contains("last packet in:   -")
                .containsPattern("away since:       20\\d\\d-");
        assertThat(run("show", "NOSUCHCLIENT")).startsWith("1\n").contains("NOT FOUND");
    }

    @Test
    void disconnectClosesWithOrWithoutTheWill() throws Exception {
        try (RawMqttClient watcher = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient quiet = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient loud = RawMqttClient.open(bridge.mqttPort())) {
            watcher.connect("WATCHER", true, 0);
            watcher.subscribe(1, "wills/#", 0);
            quiet.send(quiet.connectMessageWithWill("QUIET", "wills/quiet"));
            assertThat(quiet.expect(MqttMessageType.CONNACK)).isInstanceOf(MqttConnAckMessage.class);
            loud.send(loud.connectMessageWithWill("LOUD", "wills/loud"));
            assertThat(loud.expect(MqttMessageType.CONNACK)).isInstanceOf(MqttConnAckMessage.class);

            assertThat(run("disconnect", "QUIET")).startsWith("0\n").contains("without its will");
            assertThat(quiet.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            assertThat(run("disconnect", "LOUD", "--will")).startsWith("0\n").contains("with its will");
            assertThat(loud.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            MqttPublishMessage will = (MqttPublishMessage) watcher.expect(MqttMessageType.PUBLISH);
            assertThat(will.variableHeader().topicName()).as("only LOUD's will").isEqualTo("wills/loud");
            assertThat(watcher.poll(1, TimeUnit.SECONDS)).isNull();
            assertThat(run("disconnect", "NOBODY")).startsWith("1\n").contains("not connected");
        }
    }

    @Test
    void purgeRemovesTheSessionItsSubscriptionsAndWaitingMessages() throws Exception {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            device.connect("PURGED", false, 0);
            device.subscribe(1, "purge/topic", 1);
            device.disconnect();
        }
        try (RawMqttClient publisher = RawMqttClient.open(bridge.mqttPort())) {
            publisher.connect("PUBLISHER", true, 0);
            publisher.publish("purge/topic", "waiting".getBytes(StandardCharsets.UTF_8), 1, false, 1);
            publisher.expect(MqttMessageType.PUBACK);
        }
        String purged = run("purge", "PURGED");
        assertThat(purged).startsWith("0\n").contains("subscriptions removed: 1");
        assertThat(run("show", "PURGED")).contains("NOT FOUND");
        try (RawMqttClient back = RawMqttClient.open(bridge.mqttPort())) {
            MqttConnAckMessage ack = (MqttConnAckMessage) back.connect("PURGED", false, 0);
            assertThat(ack.variableHeader().isSessionPresent()).isFalse();
            assertThat(back.poll(2, TimeUnit.SECONDS)).as("the waiting publication went with the subscription").isNull();
        }
        assertThat(run("purge", "NEVERHERE")).startsWith("1\n").contains("no session");
    }

    @Test
    void traceLogsEveryPacketOfOneClientForAWhile() throws Exception {
        try (RawMqttClient traced = RawMqttClient.open(bridge.mqttPort());
             RawMqttClient other = RawMqttClient.open(bridge.mqttPort());
             org.telemetrybridge.support.LogCapture log = new org.telemetrybridge.support.LogCapture()) {
            traced.connect("TRACED", true, 0);
            other.connect("UNTRACED", true, 0);
            assertThat(run("trace", "TRACED", "--seconds", "2")).startsWith("0\n").contains("for 2 s");
            log.awaitMessage("TBR0249I", "'TRACED'");
            traced.publish("trace/me", "12345".getBytes(StandardCharsets.UTF_8), 1, false, 7);
            traced.expect(MqttMessageType.PUBACK);
            other.publish("trace/other", "x".getBytes(StandardCharsets.UTF_8), 1, false, 8);
            other.expect(MqttMessageType.PUBACK);
            assertThat(log.awaitMessage("TBR0250I TRACED in  PUBLISH")).contains("topic=trace/me", "id=7", "payload=5 bytes")
                    .doesNotContain("12345");
            log.awaitMessage("TBR0250I TRACED out PUBACK");
            log.awaitMessage("TBR0251I", "'TRACED'");
            int lines = log.withId("TBR0250I").size();
            traced.publish("trace/me", "later".getBytes(StandardCharsets.UTF_8), 1, false, 9);
            traced.expect(MqttMessageType.PUBACK);
            assertThat(log.withId("TBR0250I")).as("nothing after the trace ended").hasSize(lines)
                    .noneMatch(line -> line.contains("UNTRACED"));
        }
        assertThat(run("trace", "NOTCONNECTED")).startsWith("1\n").contains("not connected");
    }
}
