package org.telemetrybridge.backend.embedded;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.reader.MessageUtil;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.topic.TopicFilter;

/**
 * The retained publication of each topic, as the embedded stand-in keeps them: in memory for
 * subscribe-time lookups, and on the last-value queue {@value #MqObjectNames.RETAINED_QUEUE} so they survive a restart.
 */
final class RetainedPublications {

    /** The last-value queue holding one retained publication per topic. */

    /** The property that marks a publication retained, as IBM MQ's JMS names it. */
    static final String RETAIN_PROPERTY = "JMS_IBM_Retain";

    private static final SimpleString RETAIN = SimpleString.of(RETAIN_PROPERTY);
    private static final SimpleString QOS = SimpleString.of(MessageMapping.QOS);

    private final Map<String, Delivery> byTopic = new ConcurrentHashMap<>();

    static boolean isRetained(Message message) {
        Object value = message.getObjectProperty(RETAIN);
        if (value instanceof Number number) {
            return number.intValue() == 1;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        return value != null && ("1".equals(value.toString()) || "true".equalsIgnoreCase(value.toString()));
    }

    /** Records a retained publication on a topic; an empty payload clears the topic's retained message. */
    void put(String topic, Message message) {
        byte[] payload = payload(message);
        if (payload == null || payload.length == 0) {
            byTopic.remove(topic);
            return;
        }
        int qos = 0;
        if (message.isDurable()) {
            Object property = message.getObjectProperty(QOS);
            qos = property instanceof Number n && n.intValue() >= 1 && n.intValue() <= 2 ? n.intValue() : 1;
        }
        byTopic.put(topic, new Delivery(topic, payload, qos, true, null, false, Delivery.Acknowledgement.NONE,
                properties(message)));
    }

    /**
     * The MQTT 5 properties of a stored publication, read from the broker's own form of the JMS message as
     * {@link MessageMapping#properties} reads the JMS message: expiration, JMSType, a text body, a topic
     * JMSReplyTo, JMSCorrelationID and the application's properties.
     */
    private static MessageProperties properties(Message message) {
        Map<String, Object> named = new HashMap<>();
        for (String name : MessageUtil.getPropertyNames(message)) {
            named.put(name, MessageUtil.getObjectProperty(message, name));
        }
        String type = MessageUtil.getJMSType(message);
        String correlation = MessageUtil.getJMSCorrelationID(message);
        SimpleString replyTo = MessageUtil.getJMSReplyTo(message);
        return new MessageProperties(message.getExpiration(), type == null || type.isEmpty() ? null : type,
                message.toCore().getType() == Message.TEXT_TYPE, replyTo == null ? null : topicName(replyTo.toString()),
                correlation == null ? null : MessageMapping.correlationData(correlation),
                MessageMapping.userProperties(named));
    }

    /** The topic a JMSReplyTo in the broker's form names, or null for a queue. */
    private static String topicName(String replyTo) {
        if (replyTo.startsWith(TOPIC_PREFIX)) {
            return replyTo.substring(TOPIC_PREFIX.length());
        }
        return replyTo.startsWith("queue://") || replyTo.startsWith("temp-") ? null : replyTo;
    }

    private static final String TOPIC_PREFIX = "topic://";

    List<Delivery> matching(String filter) {
        if (!TopicFilter.isWildcard(filter)) {
            Delivery exact = byTopic.get(filter);
            return exact == null ? List.of() : List.of(exact);
        }
        List<Delivery> matches = new ArrayList<>();
        for (Delivery retained : byTopic.values()) {
            if (TopicFilter.matches(filter, retained.topic())) {
                matches.add(retained);
            }
        }
        return matches;
    }

    /** The body of a JMS bytes or text message sent over the core protocol; null for other types. */
    private static byte[] payload(Message message) {
        ICoreMessage core = message.toCore();
        ActiveMQBuffer body = core.getReadOnlyBodyBuffer();
        if (core.getType() == Message.BYTES_TYPE) {
            byte[] bytes = new byte[body.readableBytes()];
            body.readBytes(bytes);
            return bytes;
        }
        if (core.getType() == Message.TEXT_TYPE) {
            SimpleString text = body.readNullableSimpleString();
            return text == null ? new byte[0] : text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }
}
