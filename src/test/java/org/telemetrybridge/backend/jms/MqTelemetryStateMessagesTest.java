package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.port.SessionState;

/**
 * MQ Telemetry kept its own session state on SYSTEM.MQTT.PERSISTENT.STATE, the queue the bridge uses, in
 * a form IBM does not document (MQ classes for Java messages: to a JMS reader, bytes messages). After a
 * take-over those messages are still there: the bridge must neither read them as its own states nor as
 * tombstones of its own, and must leave them on the queue.
 */
class MqTelemetryStateMessagesTest extends IbmMqLikeBackendTest {

    @Test
    void mqTelemetrysStateMessagesAreNeitherReadNorRemoved() throws Exception {
        backend.saveSession(new SessionState("DEV1", Map.of("a/#", 1), Set.of())).join();
        // After the bridge's state: MQ Telemetry's messages for the same client and for one the bridge never saw,
        // even carrying the property the bridge keys its own states by (the worst case).
        putMqTelemetryStateMessage("DEV1");
        putMqTelemetryStateMessage("OLDDEV");

        assertThat(backend.storedSessions()).as("DEV1's state is not deleted as by a tombstone, OLDDEV is not a session")
                .containsExactly(new SessionState("DEV1", Map.of("a/#", 1), Set.of()));
        assertThat(messagesOnStateQueue()).isEqualTo(3);
    }

    private void putMqTelemetryStateMessage(String clientId) throws Exception {
        try (Connection connection = broker.connectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r'}); // opaque serialized state
            message.setStringProperty("mqtt_clientid", clientId);
            session.createProducer(session.createQueue(MqObjectNames.SESSION_STATE_QUEUE)).send(message);
        }
    }

    private int messagesOnStateQueue() throws Exception {
        try (Connection connection = broker.connectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return Collections.list(session.createBrowser(session.createQueue(MqObjectNames.SESSION_STATE_QUEUE))
                    .getEnumeration()).size();
        }
    }
}
