package org.telemetrybridge.backend.jms;

import java.nio.charset.StandardCharsets;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.telemetrybridge.session.port.Delivery;
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

    private MessageMapping() {
    }

    static BytesMessage toMessage(Session session, Publication publication, String origin) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(publication.payload());
        message.setIntProperty(QOS, publication.qos());
        message.setStringProperty(CLIENT_ID, publication.originClientId());
        message.setStringProperty(ORIGIN, origin);
        return message;
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

    /** A retained publication for a new subscription, from its stored copy; null if its type has no payload. */
    public static Delivery retainedDelivery(String topic, Message message) throws JMSException {
        byte[] payload = payload(message);
        return payload == null ? null
                : new Delivery(topic, payload, qos(message), true, null, false, Delivery.Acknowledgement.NONE);
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
