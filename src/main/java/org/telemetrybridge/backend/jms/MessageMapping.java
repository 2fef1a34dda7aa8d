package org.telemetrybridge.backend.jms;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.Publication;

/**
 * How MQTT publications and JMS messages map onto each other.
 *
 * <ul>
 * <li>Device to JMS: always a {@code BytesMessage} holding the payload byte-exact (MQ Telemetry did the
 *     same: MQFMT_NONE, no conversion). QoS 0 is sent non-persistent, QoS 1 and 2 persistent. The
 *     properties {@value #QOS} and {@value #CLIENT_ID} carry the publisher's QoS and client id.</li>
 * <li>JMS to device: a {@code BytesMessage} gives its bytes; a {@code TextMessage} gives its text
 *     encoded as UTF-8 (MQTT's string encoding). Other message types have no payload form and are
 *     not delivered (logged as TBR0035W).</li>
 * <li>MQTT 5 properties, both ways (the table in docs/mqtt.md): Message Expiry Interval and JMS
 *     expiration; Payload Format Indicator 1 and a {@code TextMessage}; Content Type and JMSType;
 *     Response Topic and a topic JMSReplyTo; Correlation Data and JMSCorrelationID
 *     ({@link #correlationId}); User Properties and JMS string properties ({@link #jmsName}).</li>
 * </ul>
 */
public final class MessageMapping {

    /** Integer property: the QoS the publishing device used. */
    public static final String QOS = "mqtt_qos";

    /** String property: the client id of the publishing device. */
    public static final String CLIENT_ID = "mqtt_clientid";

    /**
     * String property: the bridge instance that published the message. This bridge's shared
     * subscriptions leave its own publications out, since it delivers those to its clients itself.
     */
    public static final String ORIGIN = "mqtt_bridge";

    /**
     * Boolean property of a message a device subscription put on the transmit queue: the publication was
     * published retained (MQTT 5 Retain As Published). The copy itself is not retained.
     */
    public static final String PUBLISHED_RETAINED = "mqtt_retained";

    /** String property of a message a device subscription put on the transmit queue: the subscription's filter. */
    public static final String SUBSCRIPTION = "mqtt_subscription";

    /** The provider's mark of a retained publication, as IBM MQ's JMS names it (the embedded stand-in too). */
    private static final String JMS_RETAIN = "JMS_IBM_Retain";

    private MessageMapping() {
    }

    static Message toMessage(Session session, Publication publication, String origin) throws JMSException {
        MessageProperties properties = publication.properties();
        String text = properties.utf8() ? utf8Text(publication.payload()) : null;
        Message message;
        if (text != null) {
            message = session.createTextMessage(text);
        } else {
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(publication.payload());
            message = bytes;
        }
        message.setIntProperty(QOS, publication.qos());
        message.setStringProperty(CLIENT_ID, publication.originClientId());
        message.setStringProperty(ORIGIN, origin);
        writeHeaders(session, message, properties);
        Map<String, Integer> occurrences = new HashMap<>();
        for (MessageProperties.UserProperty user : properties.userProperties()) {
            int occurrence = occurrences.merge(user.name(), 1, Integer::sum);
            message.setStringProperty(jmsName(user.name(), occurrence), user.value());
        }
        return message;
    }

    /**
     * The header fields of the MQTT 5 properties onto a message: content type as JMSType, response topic
     * as a topic JMSReplyTo, correlation data as JMSCorrelationID ({@link #correlationId}). Expiry is the
     * send's time to live; user properties are the caller's.
     */
    static void writeHeaders(Session session, Message message, MessageProperties properties) throws JMSException {
        if (properties.contentType() != null) {
            message.setJMSType(properties.contentType());
        }
        if (properties.responseTopic() != null) {
            message.setJMSReplyTo(session.createTopic(properties.responseTopic()));
        }
        if (properties.correlationData() != null) {
            message.setJMSCorrelationID(correlationId(properties.correlationData()));
        }
        if (properties.utf8() && !(message instanceof TextMessage)) {
            message.setBooleanProperty(HeldMessages.UTF8, true); // UTF-8 text in a bytes message (a held copy)
        }
    }

    /** The time to live to send a publication with: what its Message Expiry Interval has left, 0 for none. */
    static long timeToLive(Publication publication) {
        long expiresAt = publication.properties().expiresAt();
        return expiresAt == 0 ? Message.DEFAULT_TIME_TO_LIVE : Math.max(1, expiresAt - System.currentTimeMillis());
    }

    /**
     * The MQTT 5 properties of a JMS message for a device: expiration, JMSType as content type, a
     * TextMessage as UTF-8 (payload format 1), a topic JMSReplyTo as response topic, JMSCorrelationID as
     * correlation data, and the application's properties as user properties.
     */
    public static MessageProperties properties(Message message) throws JMSException {
        String type = message.getJMSType();
        String correlation = message.getJMSCorrelationID();
        return new MessageProperties(message.getJMSExpiration(), type == null || type.isEmpty() ? null : type,
                message instanceof TextMessage,
                message.getJMSReplyTo() instanceof Topic topic ? topic.getTopicName() : null,
                correlation == null ? null : correlationData(correlation), userProperties(message));
    }

    // --- user properties: the naming rule ------------------------------------------------------------

    /** JMS property names for MQTT user property names that cannot be one as they are. */
    static final String ENCODED_NAME_PREFIX = "mqtt_u";
    private static final Pattern ENCODED_NAME = Pattern.compile("mqtt_u([1-9][0-9]{0,4})_((?:[0-9a-f]{2})*)");
    /** Words of the JMS selector syntax, which a property name must not be. */
    private static final Set<String> SELECTOR_WORDS = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");

    /**
     * The JMS property name of an MQTT user property: the name itself when it is a Java identifier that
     * is not a selector word and does not start with {@code JMS} (the provider's), {@code _} or
     * {@code mqtt_} (the bridge's); otherwise, and for the second and later property of one name,
     * {@code mqtt_u<occurrence>_<hex of its UTF-8 bytes>}. Names map back losslessly.
     */
    static String jmsName(String name, int occurrence) {
        if (occurrence == 1 && usableAsIs(name)) {
            return name;
        }
        return ENCODED_NAME_PREFIX + occurrence + "_" + HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean usableAsIs(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0)) || name.startsWith("JMS")
                || name.startsWith("_") || name.startsWith("mqtt_") || SELECTOR_WORDS.contains(name.toUpperCase(Locale.ROOT))) {
            return false;
        }
        return name.chars().allMatch(Character::isJavaIdentifierPart);
    }

    /** The user properties of a JMS message: its application properties, names mapped back. */
    private static List<MessageProperties.UserProperty> userProperties(Message message) throws JMSException {
        Map<String, Object> properties = new HashMap<>();
        for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            properties.put(name, message.getObjectProperty(name));
        }
        return userProperties(properties);
    }

    /**
     * The user properties among a message's properties: all but the provider's ({@code JMS*}, {@code _*})
     * and the bridge's ({@code mqtt_*}), encoded names mapped back.
     */
    public static List<MessageProperties.UserProperty> userProperties(Map<String, Object> properties) {
        record Named(int occurrence, MessageProperties.UserProperty property) {
        }
        List<Named> found = new ArrayList<>();
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            String name = property.getKey();
            if (name.startsWith("JMS") || name.startsWith("_") || name.equals(QOS) || name.equals(CLIENT_ID)
                    || name.equals(ORIGIN)) {
                continue;
            }
            String value = String.valueOf(property.getValue());
            Matcher encoded = ENCODED_NAME.matcher(name);
            if (encoded.matches()) {
                String decoded = new String(HexFormat.of().parseHex(encoded.group(2)), StandardCharsets.UTF_8);
                found.add(new Named(Integer.parseInt(encoded.group(1)), new MessageProperties.UserProperty(decoded, value)));
            } else if (!name.startsWith("mqtt_")) {
                found.add(new Named(1, new MessageProperties.UserProperty(name, value)));
            }
        }
        found.sort(Comparator.comparingInt(Named::occurrence));
        return found.stream().map(Named::property).toList();
    }

    // --- correlation data ----------------------------------------------------------------------------

    /** JMSCorrelationIDs that hold bytes: as JMS providers write message ids, and IBM MQ binary CorrelIds. */
    private static final String BYTES_PREFIX = "ID:";

    /**
     * Correlation data as a JMSCorrelationID: UTF-8 text as it is, so that an application can read and
     * copy it; other bytes (and text that starts with {@code ID:}) as {@code ID:} and their hex digits.
     */
    static String correlationId(byte[] data) {
        String text = utf8Text(data);
        return text != null && !text.startsWith(BYTES_PREFIX) ? text : BYTES_PREFIX + HexFormat.of().formatHex(data);
    }

    /** The correlation data a JMSCorrelationID stands for: the bytes of {@code ID:<hex>}, else its UTF-8 text. */
    public static byte[] correlationData(String correlationId) {
        if (correlationId.startsWith(BYTES_PREFIX)) {
            String hex = correlationId.substring(BYTES_PREFIX.length());
            if (hex.length() % 2 == 0 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return HexFormat.of().parseHex(hex);
            }
        }
        return correlationId.getBytes(StandardCharsets.UTF_8);
    }

    /** The payload as text if it is well-formed UTF-8, else null. */
    public static String utf8Text(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static final String NOT_FROM_PREFIX = ORIGIN + " IS NULL OR ";

    /** The selector of a shared subscription of the bridge instance: everything but its own publications. */
    static String notFrom(String origin) {
        return NOT_FROM_PREFIX + ORIGIN + " <> '" + origin + "'";
    }

    /** Whether a selector is one {@link #notFrom} made: a bridge's own shared subscription. */
    public static boolean isNotFrom(String selector) {
        return selector.startsWith(NOT_FROM_PREFIX);
    }

    /**
     * Whether a message a subscription received was published retained: the provider's mark, which the
     * embedded stand-in keeps on the live publication (IBM MQ marks only its replay to a new subscription,
     * which the bridge skips).
     */
    static boolean publishedRetained(Message message) throws JMSException {
        return message.propertyExists(JMS_RETAIN) && message.getIntProperty(JMS_RETAIN) == 1;
    }

    static int deliveryMode(Publication publication) {
        return publication.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
    }

    /** The payload of a JMS message, or null if its type has none. */
    public static byte[] payload(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] payload = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(payload);
            return payload;
        }
        if (message instanceof TextMessage text) {
            String body = text.getText();
            return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    /**
     * A retained publication for a new subscription, from its stored copy, with its MQTT 5 properties; null
     * if its type has no payload.
     */
    public static Delivery retainedDelivery(String topic, Message message) throws JMSException {
        byte[] payload = payload(message);
        return payload == null ? null : new Delivery(topic, payload, qos(message), true, null, false,
                Delivery.Acknowledgement.NONE, properties(message));
    }

    /**
     * The highest QoS a message allows: 0 if non-persistent, otherwise the publishing device's QoS
     * where known, else 1.
     */
    public static int qos(Message message) throws JMSException {
        if (message.getJMSDeliveryMode() != DeliveryMode.PERSISTENT) {
            return 0;
        }
        if (message.propertyExists(QOS)) {
            int qos = message.getIntProperty(QOS);
            return qos >= 1 && qos <= 2 ? qos : 1;
        }
        return 1;
    }
}
