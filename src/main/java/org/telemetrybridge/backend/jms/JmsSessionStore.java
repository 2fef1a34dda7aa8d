package org.telemetrybridge.backend.jms;

import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.SessionState;

/**
 * Persistent sessions on {@code SYSTEM.MQTT.PERSISTENT.STATE}, one message per client id (newer
 * replace older, a tombstone deletes). States are written by the client's publisher thread, in the
 * same JMS transaction as a QoS 2 publication where there is one; they are read back with a browser.
 */
final class JmsSessionStore {

    private final BackendConnection connection;
    private final JmsDialect dialect;

    JmsSessionStore(BackendConnection connection, JmsDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Publishes and/or stores a state or a tombstone, on the client's publisher, in one transaction. */
    CompletableFuture<Void> submit(String clientId, Publication publication, SessionState state,
                                   String deletedClientId) {
        BackendConnection.Link current = connection.current();
        if (current == null) {
            return CompletableFuture.failedFuture(
                    new BackendUnavailableException(dialect.describe() + " is not connected", null));
        }
        return current.publisherFor(clientId).submit(publication, state, deletedClientId);
    }

    CompletableFuture<Void> save(SessionState state) {
        return submit(state.clientId(), null, state, null);
    }

    CompletableFuture<Void> delete(String clientId) {
        return submit(clientId, null, null, clientId);
    }

    Collection<SessionState> stored() {
        Map<String, SessionState> states = new LinkedHashMap<>();
        try {
            Session session = connection.required().connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
            try {
                Queue queue = session.createQueue(MqObjectNames.SESSION_STATE_QUEUE);
                QueueBrowser browser = session.createBrowser(queue);
                for (Enumeration<?> messages = browser.getEnumeration(); messages.hasMoreElements(); ) {
                    Message message = (Message) messages.nextElement();
                    if (!(message instanceof MapMessage)) {
                        // Not the bridge's (it writes only map messages here): MQ Telemetry kept its own
                        // session state on this queue too, in a form of its own. Left alone, never read.
                        continue;
                    }
                    // Newer messages come later and replace older ones; a tombstone deletes.
                    String clientId = SessionStateCodec.clientId(message);
                    SessionState state = SessionStateCodec.decode(message);
                    if (state == null) {
                        states.remove(clientId);
                    } else {
                        states.put(clientId, state);
                    }
                }
            } finally {
                session.close();
            }
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot read " + MqObjectNames.SESSION_STATE_QUEUE, e);
        }
        return states.values();
    }
}
