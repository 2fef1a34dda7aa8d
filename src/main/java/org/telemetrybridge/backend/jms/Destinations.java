package org.telemetrybridge.backend.jms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.Topic;

/**
 * Names of the queues the bridge uses and the topic objects it sends to. An MQTT topic is the JMS
 * topic of the same name: on IBM MQ the topic string under SYSTEM.BASE.TOPIC.
 */
final class Destinations {

    /** The persistent MQTT sessions, one message per client id (the name MQ Telemetry used). */
    static final String SESSION_STATE_QUEUE = "SYSTEM.MQTT.PERSISTENT.STATE";

    private static final int MAX_CACHED_TOPICS = 10_000;

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    /** The topic object for a name; cached, as devices publish to the same topics again and again. */
    Topic topic(Session session, String name) throws JMSException {
        Topic topic = topics.get(name);
        if (topic == null) {
            topic = session.createTopic(name);
            if (topics.size() < MAX_CACHED_TOPICS) {
                topics.put(name, topic);
            }
        }
        return topic;
    }
}
