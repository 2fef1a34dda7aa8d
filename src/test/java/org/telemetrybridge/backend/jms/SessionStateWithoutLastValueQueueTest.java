package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

import jakarta.jms.Connection;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;
import org.telemetrybridge.backend.MqObjectNames;

/**
 * IBM MQ has no last-value queues: the bridge itself keeps one state message per persistent session
 * on SYSTEM.MQTT.PERSISTENT.STATE, replacing it in the same transaction as it stores the new one.
 */
class SessionStateWithoutLastValueQueueTest {

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private JmsBackend backend;

    @BeforeEach
    void start() {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        backend = new JmsBackend(new IbmMqLikeDialect(EmbeddedBackendConfiguration.dialect(broker), 10), 1);
        backend.start();
    }

    @AfterEach
    void stop() {
        backend.stop();
        broker.stop();
    }

    @Test
    void eachSessionKeepsOneStateMessageAndDeletionRemovesIt() throws Exception {
        backend.saveSession(new SessionState("DEV1", Map.of("a/#", 1), Set.of())).join();
        backend.saveSession(new SessionState("DEV1", Map.of("a/#", 1, "b/+", 2), Set.of(7))).join();
        backend.saveSession(new SessionState("DEV2", Map.of("c", 0), Set.of())).join();
        backend.saveSession(new SessionState("DEV3", Map.of("d", 1), Set.of())).join();
        backend.deleteSession("DEV3", java.util.List.of());

        assertThat(stateMessages()).isEqualTo(2);
        assertThat(backend.storedSessions()).containsExactlyInAnyOrder(
                new SessionState("DEV1", Map.of("a/#", 1, "b/+", 2), Set.of(7)),
                new SessionState("DEV2", Map.of("c", 0), Set.of()));
    }

    private int stateMessages() throws Exception {
        try (Connection connection = broker.connectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(MqObjectNames.SESSION_STATE_QUEUE));
            return Collections.list(browser.getEnumeration()).size();
        }
    }
}
