package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

import jakarta.jms.Connection;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.backend.MqObjectNames;

/**
 * IBM MQ has no last-value queues: the bridge itself keeps one state message per persistent session
 * on SYSTEM.MQTT.PERSISTENT.STATE, replacing it in the same transaction as it stores the new one.
 */
class SessionStateWithoutLastValueQueueTest extends IbmMqLikeBackendTest {

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
