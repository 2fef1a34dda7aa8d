package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.admin.ClientsEndpoint;
import org.telemetrybridge.session.LeftoverJanitor;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Backend leftovers (issue 16, item 2): messages held for a client id the bridge has no session for,
 * planted on the held queue through JMS, are found, logged and counted; removed (dead-lettered, reason
 * 2087) only with {@code bridge.clean-up.leftovers=remove} and after the grace time, while a persistent
 * session's held messages are never touched. And {@code bridge.clean-up.waiting-messages=discard}: a
 * purge removes held messages without dead-lettering them.
 */
class LeftoverJanitorTest {

    private static final String HELD_QUEUE = "TBRIDGE.HELD.QUEUE";
    private static final String DEAD_LETTERS = "SYSTEM.DEAD.LETTER.QUEUE";

    @TempDir
    Path data;

    @Test
    void heldMessagesOfAClientIdWithoutASessionAreReportedThenRemovedAfterTheGrace() throws Exception {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of(
                "bridge.clean-up.leftovers", "remove",
                "bridge.clean-up.leftover-grace", "1h",
                "bridge.clean-up.leftover-interval", "1h")).start();
             JmsClient jms = new JmsClient(bridge.jmsUrl());
             LogCapture log = new LogCapture()) {
            awayWithHeldMessage(bridge, jms, "AWAY1");
            plantHeld(jms, "GHOST1", 2);
            LeftoverJanitor janitor = bridge.bean(LeftoverJanitor.class);
            long now = System.currentTimeMillis();

            assertThat(janitor.sweep(now)).containsExactly(new LeftoverJanitor.Leftover("GHOST1", 2, 0));
            assertThat(log.awaitMessage("TBR0390W")).contains("1 client id(s) without a session", "2 held message(s)",
                    "e.g. GHOST1", "removed once seen for PT1H");
            assertThat(count(jms, HELD_QUEUE, "GHOST1")).as("within the grace time nothing is removed").isEqualTo(2);

            assertThat(janitor.sweep(now + Duration.ofHours(1).toMillis() + 1)).hasSize(1);
            assertThat(log.awaitMessage("TBR0391I")).contains("1 client id(s)", "2 held message(s) dead-lettered");
            assertThat(count(jms, HELD_QUEUE, "GHOST1")).isZero();
            List<Message> dead = browse(jms, DEAD_LETTERS, "GHOST1");
            assertThat(dead).hasSize(2);
            assertThat(dead.getFirst().getIntProperty("mqtt_dlq_reason_code")).isEqualTo(2087);
            assertThat(janitor.heldRemoved()).isEqualTo(2);
            assertThat(count(jms, HELD_QUEUE, "AWAY1")).as("a session's held messages are no leftover").isEqualTo(1);
            assertThat(janitor.sweep(now + Duration.ofHours(3).toMillis())).isEmpty();
        }
    }

    @Test
    void byDefaultLeftoversAreOnlyReportedAndDiscardRemovesAPurgedSessionsMessagesWithoutDeadLetters()
            throws Exception {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of(
                "bridge.clean-up.waiting-messages", "discard")).start();
             JmsClient jms = new JmsClient(bridge.jmsUrl());
             LogCapture log = new LogCapture()) {
            plantHeld(jms, "GHOST2", 1);
            LeftoverJanitor janitor = bridge.bean(LeftoverJanitor.class);
            assertThat(janitor.sweep(System.currentTimeMillis())).extracting(LeftoverJanitor.Leftover::clientId)
                    .containsExactly("GHOST2");
            assertThat(log.awaitMessage("TBR0390W")).contains("reported only (bridge.clean-up.leftovers=report)");
            assertThat(janitor.sweep(System.currentTimeMillis() + Duration.ofDays(30).toMillis())).hasSize(1);
            assertThat(count(jms, HELD_QUEUE, "GHOST2")).as("report: never removed").isEqualTo(1);
            assertThat(log.withId("TBR0391I")).isEmpty();

            awayWithHeldMessage(bridge, jms, "AWAY2");
            ClientsEndpoint.ActionResult purged = bridge.bean(ClientsEndpoint.class).purge("AWAY2");
            assertThat(purged.detail()).endsWith("held messages discarded");
            await().atMost(Duration.ofSeconds(30)).until(() -> count(jms, HELD_QUEUE, "AWAY2") == 0);
            assertThat(log.awaitMessage("TBR0393I")).contains("Discarded 1 message(s) held for client 'AWAY2'");
            assertThat(count(jms, DEAD_LETTERS, "AWAY2")).as("discarded, not dead-lettered").isZero();
        }
    }

    /** A persistent session whose client is away, with one point-to-point message held for it. */
    private static void awayWithHeldMessage(BridgeInstance bridge, JmsClient jms, String clientId) throws Exception {
        try (RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            device.connect(clientId, false, 0);
            device.disconnect();
        }
        send(jms, "SYSTEM.MQTT.TRANSMIT.QUEUE", clientId, "cmd/config");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(jms, HELD_QUEUE, clientId) == 1);
    }

    /** Held messages for a client id the bridge never saw, as a crash or another bridge could leave them. */
    private static void plantHeld(JmsClient jms, String clientId, int messages) throws JMSException {
        for (int i = 0; i < messages; i++) {
            send(jms, HELD_QUEUE, clientId, "cmd/left/" + i);
        }
    }

    private static void send(JmsClient jms, String queue, String clientId, String topic) throws JMSException {
        Session session = jms.session();
        MessageProducer producer = session.createProducer(session.createQueue(queue));
        BytesMessage message = session.createBytesMessage();
        message.writeBytes("payload".getBytes(StandardCharsets.UTF_8));
        message.setStringProperty("RemoteQMgrName", clientId);
        message.setStringProperty("RemoteQName", topic);
        producer.send(message, DeliveryMode.PERSISTENT, 4, 0);
        producer.close();
    }

    private static int count(JmsClient jms, String queue, String clientId) throws JMSException {
        return browse(jms, queue, clientId).size();
    }

    private static List<Message> browse(JmsClient jms, String queue, String clientId) throws JMSException {
        var messages = jms.session().createBrowser(jms.session().createQueue(queue),
                "RemoteQMgrName = '" + clientId + "'").getEnumeration();
        List<Message> found = new ArrayList<>();
        while (messages.hasMoreElements()) {
            found.add((Message) messages.nextElement());
        }
        return found;
    }
}
