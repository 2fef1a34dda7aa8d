package org.telemetrybridge.mqtt;

import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.mqtt.MqttProperties;

import org.telemetrybridge.session.port.MessageProperties;

/**
 * The application-message properties of an MQTT 5 PUBLISH (or will) in netty-codec-mqtt's form, read
 * into the core's {@link MessageProperties} and written back out. The Message Expiry Interval is
 * turned into a point in time on the way in, and into the seconds left on the way out, so it goes
 * down while the message waits [MQTT-3.3.2-6].
 */
final class MessagePropertiesCodec {

    private MessagePropertiesCodec() {
    }

    static MessageProperties read(MqttProperties properties, long nowMillis) {
        if (properties.isEmpty() || onlyATopicAlias(properties)) {
            return MessageProperties.NONE;
        }
        long expiry = ConnectProperties.number(properties, MqttProperties.PUBLICATION_EXPIRY_INTERVAL, -1);
        List<MessageProperties.UserProperty> user = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> property : properties.getProperties(MqttProperties.USER_PROPERTY)) {
            if (property instanceof MqttProperties.UserProperty pair) {
                user.add(new MessageProperties.UserProperty(pair.value().key, pair.value().value));
            } else if (property instanceof MqttProperties.UserProperties pairs) {
                pairs.value().forEach(pair -> user.add(new MessageProperties.UserProperty(pair.key, pair.value)));
            }
        }
        return new MessageProperties(expiry < 0 ? 0 : nowMillis + expiry * 1000,
                string(properties, MqttProperties.CONTENT_TYPE),
                ConnectProperties.number(properties, MqttProperties.PAYLOAD_FORMAT_INDICATOR, 0) == 1,
                string(properties, MqttProperties.RESPONSE_TOPIC),
                properties.getProperty(MqttProperties.CORRELATION_DATA) instanceof MqttProperties.BinaryProperty b
                        ? b.value() : null,
                user);
    }

    /** A PUBLISH whose one property is its Topic Alias (a client that aliases its topics sends many). */
    private static boolean onlyATopicAlias(MqttProperties properties) {
        return properties.getProperty(MqttProperties.TOPIC_ALIAS) != null && properties.listAll().size() == 1;
    }

    /** Adds the message's properties to a PUBLISH's; the expiry as the whole seconds it has left. */
    static void write(MessageProperties message, MqttProperties out, long nowMillis) {
        if (message.expiresAt() != 0) {
            out.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL,
                    (int) Math.min(0xFFFF_FFFFL, message.secondsLeft(nowMillis))));
        }
        if (message.contentType() != null) {
            out.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, message.contentType()));
        }
        if (message.utf8()) {
            out.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1));
        }
        if (message.responseTopic() != null) {
            out.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, message.responseTopic()));
        }
        if (message.correlationData() != null) {
            out.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, message.correlationData()));
        }
        message.userProperties().forEach(p -> out.add(new MqttProperties.UserProperty(p.name(), p.value())));
    }

    /** The bytes the properties take in a PUBLISH, without the length in front of them. */
    static long encodedLength(MessageProperties message) {
        long length = (message.expiresAt() != 0 ? 5 : 0) + (message.utf8() ? 2 : 0)
                + (message.contentType() != null ? 3 + utf8Length(message.contentType()) : 0)
                + (message.responseTopic() != null ? 3 + utf8Length(message.responseTopic()) : 0)
                + (message.correlationData() != null ? 3 + message.correlationData().length : 0);
        for (MessageProperties.UserProperty p : message.userProperties()) {
            length += 5 + utf8Length(p.name()) + utf8Length(p.value());
        }
        return length;
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static String string(MqttProperties properties, int id) {
        return properties.getProperty(id) instanceof MqttProperties.StringProperty s ? s.value() : null;
    }
}
