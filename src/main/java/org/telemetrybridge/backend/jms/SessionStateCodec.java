package org.telemetrybridge.backend.jms;

import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.Session;

import org.telemetrybridge.session.port.SessionState;

/**
 * A persistent session's state as a JMS {@code MapMessage}, a form every provider stores: the client
 * id, one entry {@code s:<filter>} with the QoS per subscription, the pending inbound QoS 2 packet ids,
 * and one entry {@code o:<packet id>} per outbound QoS 2 exchange the client may hold.
 * A tombstone (no client id entry) marks a deleted session on a last-value queue.
 */
final class SessionStateCodec {

    private static final String CLIENT_ID = "clientId";
    private static final String PENDING_QOS2 = "pendingQos2";
    private static final String SUBSCRIPTION_PREFIX = "s:";
    /** {@code o:<packet id>} = {@code S:}, {@code R:} or {@code Q:} (the stage's initial) and the message id. */
    private static final String OUTBOUND_PREFIX = "o:";
    /** The completed outbound QoS 2 message ids, one per line. */
    private static final String COMPLETED_QOS2 = "completedQos2";
    private static final String KEY_PROPERTY = "mqtt_clientid";

    private SessionStateCodec() {
    }

    static Message encode(Session session, SessionState state) throws JMSException {
        MapMessage message = session.createMapMessage();
        message.setStringProperty(KEY_PROPERTY, state.clientId());
        message.setString(CLIENT_ID, state.clientId());
        message.setString(PENDING_QOS2, state.pendingQos2().stream().map(String::valueOf)
                .collect(Collectors.joining(",")));
        for (Map.Entry<String, Integer> subscription : state.subscriptions().entrySet()) {
            message.setInt(SUBSCRIPTION_PREFIX + subscription.getKey(), subscription.getValue());
        }
        message.setString(COMPLETED_QOS2, String.join("\n", state.completedQos2()));
        for (Map.Entry<Integer, SessionState.OutboundFlow> flow : state.outboundQos2().entrySet()) {
            message.setString(OUTBOUND_PREFIX + flow.getKey(),
                    flow.getValue().stage().name().charAt(0) + ":" + flow.getValue().messageId());
        }
        return message;
    }

    static Message tombstone(Session session, String clientId) throws JMSException {
        MapMessage message = session.createMapMessage();
        message.setStringProperty(KEY_PROPERTY, clientId);
        return message;
    }

    /** The state in a message, or null for a tombstone or a message that is not a session state. */
    static SessionState decode(Message message) throws JMSException {
        if (!(message instanceof MapMessage map) || !map.itemExists(CLIENT_ID)) {
            return null;
        }
        Map<String, Integer> subscriptions = new HashMap<>();
        Map<Integer, SessionState.OutboundFlow> outbound = new HashMap<>();
        for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (name.startsWith(SUBSCRIPTION_PREFIX)) {
                subscriptions.put(name.substring(SUBSCRIPTION_PREFIX.length()), map.getInt(name));
            } else if (name.startsWith(OUTBOUND_PREFIX)) {
                String flow = map.getString(name);
                SessionState.Stage stage = switch (flow.charAt(0)) {
                    case 'R' -> SessionState.Stage.RELEASED;
                    case 'Q' -> SessionState.Stage.QUARANTINED;
                    default -> SessionState.Stage.SENT;
                };
                outbound.put(Integer.valueOf(name.substring(OUTBOUND_PREFIX.length())),
                        new SessionState.OutboundFlow(flow.substring(2), stage));
            }
        }
        String pending = map.getString(PENDING_QOS2);
        Set<Integer> pendingQos2 = pending == null || pending.isEmpty() ? Collections.emptySet()
                : Arrays.stream(pending.split(",")).map(Integer::valueOf).collect(Collectors.toCollection(HashSet::new));
        String completed = map.getString(COMPLETED_QOS2);
        java.util.List<String> completedQos2 = completed == null || completed.isEmpty() ? java.util.List.of()
                : Arrays.asList(completed.split("\n"));
        return new SessionState(map.getString(CLIENT_ID), subscriptions, pendingQos2, outbound, completedQos2);
    }

    /** A message selector for the state messages of one client. */
    static String selector(String clientId) {
        return KEY_PROPERTY + " = '" + clientId.replace("'", "''") + "'";
    }

    /** The client id a state or tombstone message belongs to. */
    static String clientId(Message message) throws JMSException {
        return message.getStringProperty(KEY_PROPERTY);
    }
}
