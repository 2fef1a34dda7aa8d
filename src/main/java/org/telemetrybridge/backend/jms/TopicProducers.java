package org.telemetrybridge.backend.jms;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * One producer per topic on a session, for the topics used most recently. A producer bound to its
 * destination sends without the per-message credit request an anonymous one costs on Artemis, and
 * IBM MQ keeps the topic open between puts.
 */
final class TopicProducers {

    private static final int MAX_PRODUCERS = 1024;

    private final Session session;
    private final Map<String, MessageProducer> byTopic = new LinkedHashMap<>(64, 0.75f, true);

    TopicProducers(Session session) {
        this.session = session;
    }

    MessageProducer forTopic(String topic) throws JMSException {
        MessageProducer producer = byTopic.get(topic);
        if (producer == null) {
            producer = session.createProducer(session.createTopic(topic));
            byTopic.put(topic, producer);
            if (byTopic.size() > MAX_PRODUCERS) {
                var eldest = byTopic.entrySet().iterator().next();
                byTopic.remove(eldest.getKey());
                eldest.getValue().close();
            }
        }
        return producer;
    }
}
