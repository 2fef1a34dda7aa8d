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

import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.session.port.SubscriptionOptions;

/**
 * A persistent session's state as a JMS {@code MapMessage}, a form every provider stores: the client
 * id, one entry {@code s:<filter>} with the QoS per subscription, the pending inbound QoS 2 packet ids,
 * and one entry {@code o:<packet id>} per outbound QoS 2 exchange the client may hold; since MQTT 5
 * subscription options are stored, one entry {@code u:<filter>} per subscription that has any, and the
 * client's Session Expiry Interval {@code expiryInterval}; a will waiting out its Will Delay Interval in
 * entries {@code will*}. A state stored before has none of these and reads as a state without them; an
 * older bridge reading a newer state skips the entries it does not know.
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
    /**
     * {@code u:<filter>} = the MQTT 5 options of a subscription: {@code N} for No Local and {@code R} for
     * Retain As Published (either, both or none), then {@code :} and the Subscription Identifier (0 for none).
     */
    private static final String OPTIONS_PREFIX = "u:";
    private static final String EXPIRY_INTERVAL = "expiryInterval";
    private static final String WILL_TOPIC = "willTopic";
    private static final String WILL_PAYLOAD = "willPayload";
    private static final String WILL_QOS = "willQos";
    private static final String WILL_RETAIN = "willRetain";
    private static final String WILL_PUBLISH_AT = "willPublishAt";
    private static final String WILL_EXPIRY_MILLIS = "willExpiryMillis";
    private static final String WILL_CONTENT_TYPE = "willContentType";
    private static final String WILL_UTF8 = "willUtf8";
    private static final String WILL_RESPONSE_TOPIC = "willResponseTopic";
    private static final String WILL_CORRELATION_DATA = "willCorrelationData";
    /** The will's User Properties: names and values in order, each ended by U+0000, which MQTT strings never hold. */
    private static final String WILL_USER_PROPERTIES = "willUserProperties";

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
        for (Map.Entry<String, SubscriptionOptions> options : state.options().entrySet()) {
            SubscriptionOptions o = options.getValue();
            message.setString(OPTIONS_PREFIX + options.getKey(),
                    (o.noLocal() ? "N" : "") + (o.retainAsPublished() ? "R" : "") + ":" + o.subscriptionId());
        }
        if (state.expiryInterval() >= 0) {
            message.setLong(EXPIRY_INTERVAL, state.expiryInterval());
        }
        if (state.waitingWill() != null) {
            encodeWill(message, state.waitingWill());
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
        Map<String, SubscriptionOptions> options = new HashMap<>();
        for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (name.startsWith(SUBSCRIPTION_PREFIX)) {
                subscriptions.put(name.substring(SUBSCRIPTION_PREFIX.length()), map.getInt(name));
            } else if (name.startsWith(OPTIONS_PREFIX)) {
                String value = map.getString(name);
                int colon = value.indexOf(':');
                String flags = value.substring(0, Math.max(colon, 0));
                options.put(name.substring(OPTIONS_PREFIX.length()), new SubscriptionOptions(flags.contains("N"),
                        flags.contains("R"), colon < 0 ? SubscriptionOptions.NO_ID : Integer.parseInt(value.substring(colon + 1))));
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
        long expiryInterval = map.itemExists(EXPIRY_INTERVAL) ? map.getLong(EXPIRY_INTERVAL) : -1;
        return new SessionState(map.getString(CLIENT_ID), subscriptions, pendingQos2, outbound, completedQos2,
                options, expiryInterval, map.itemExists(WILL_TOPIC) ? decodeWill(map) : null);
    }

    private static void encodeWill(MapMessage message, SessionState.WaitingWill will) throws JMSException {
        message.setString(WILL_TOPIC, will.topic());
        message.setBytes(WILL_PAYLOAD, will.payload());
        message.setInt(WILL_QOS, will.qos());
        message.setBoolean(WILL_RETAIN, will.retain());
        message.setLong(WILL_PUBLISH_AT, will.publishAt());
        MessageProperties properties = will.properties();
        message.setLong(WILL_EXPIRY_MILLIS, properties.expiresAt());
        message.setBoolean(WILL_UTF8, properties.utf8());
        if (properties.contentType() != null) {
            message.setString(WILL_CONTENT_TYPE, properties.contentType());
        }
        if (properties.responseTopic() != null) {
            message.setString(WILL_RESPONSE_TOPIC, properties.responseTopic());
        }
        if (properties.correlationData() != null) {
            message.setBytes(WILL_CORRELATION_DATA, properties.correlationData());
        }
        if (!properties.userProperties().isEmpty()) {
            StringBuilder user = new StringBuilder();
            for (MessageProperties.UserProperty property : properties.userProperties()) {
                user.append(property.name()).append('\0').append(property.value()).append('\0');
            }
            message.setString(WILL_USER_PROPERTIES, user.toString());
        }
    }

    private static SessionState.WaitingWill decodeWill(MapMessage map) throws JMSException {
        java.util.List<MessageProperties.UserProperty> user = new java.util.ArrayList<>();
        String encoded = map.getString(WILL_USER_PROPERTIES);
        if (encoded != null && !encoded.isEmpty()) {
            String[] parts = encoded.split("\0", -1);
            for (int i = 0; i + 1 < parts.length; i += 2) {
                user.add(new MessageProperties.UserProperty(parts[i], parts[i + 1]));
            }
        }
        MessageProperties properties = new MessageProperties(map.getLong(WILL_EXPIRY_MILLIS),
                map.getString(WILL_CONTENT_TYPE), map.getBoolean(WILL_UTF8), map.getString(WILL_RESPONSE_TOPIC),
                map.getBytes(WILL_CORRELATION_DATA), user);
        return new SessionState.WaitingWill(map.getString(WILL_TOPIC), map.getBytes(WILL_PAYLOAD), map.getInt(WILL_QOS),
                map.getBoolean(WILL_RETAIN), properties, map.getLong(WILL_PUBLISH_AT));
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
