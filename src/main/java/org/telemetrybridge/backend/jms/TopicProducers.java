package org.telemetrybridge.backend.jms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;

/**
 * One producer per topic on a session, for the topics used most recently. A producer bound to its
 * destination sends without the per-message credit request an anonymous one costs on Artemis, and
 * IBM MQ keeps the topic open between puts.
 *
 * <p>On IBM MQ every open producer is an open object handle of the session's connection, and the
 * queue manager's MAXHANDS caps those per connection (default 256; one more open fails with MQRC
 * 2017 MQRC_HANDLE_NOT_AVAILABLE; IBM: "MaxHandles (MQLONG)",
 * https://www.ibm.com/support/knowledgecenter/SSFKSJ_9.0.0/com.ibm.mq.ref.dev.doc/q102500_.htm and
 * "2017 (07E1) (RC2017): MQRC_HANDLE_NOT_AVAILABLE",
 * https://www.ibm.com/docs/en/SSFKSJ_latest/reference/q040900_.html). So the cache holds at most
 * {@link #capacity(int)} producers of the session's limit, read at each new topic: a limit learned
 * after connecting takes effect at the next new topic, evicting the least recently used.
 */
final class TopicProducers {

    /** The most producers kept, whatever the provider allows: more rarely pays. */
    static final int MAX_PRODUCERS = 1024;

    /**
     * Handles of a session that are not topic producers: the state queue's producer, the consumer
     * that removes older states, and what the provider opens itself. Generous, because one handle
     * too many fails a publication.
     */
    static final int OTHER_HANDLES = 16;

    private final Session session;
    private final IntSupplier maxHandles;
    private final Topics topics;
    private final Map<String, MessageProducer> byTopic = new LinkedHashMap<>(64, 0.75f, true);

    /** Makes the destination of a topic name. */
    interface Topics {
        Topic of(String name) throws JMSException;
    }

    /** @param maxHandles the most objects the session may hold open at once (see {@link JmsDialect#maxHandles()}) */
    TopicProducers(Session session, IntSupplier maxHandles) {
        this(session, maxHandles, session::createTopic);
    }

    /** @param topics the destination of each topic (see {@link JmsDialect#publicationTopic}) */
    TopicProducers(Session session, IntSupplier maxHandles, Topics topics) {
        this.session = session;
        this.maxHandles = maxHandles;
        this.topics = topics;
    }

    /** How many producers a session with this handle limit keeps: at least one, at most {@link #MAX_PRODUCERS}. */
    static int capacity(int maxHandles) {
        return Math.max(1, Math.min(MAX_PRODUCERS, maxHandles - OTHER_HANDLES));
    }

    MessageProducer forTopic(String topic) throws JMSException {
        MessageProducer producer = byTopic.get(topic);
        if (producer == null) {
            // Close first, open then: the session never holds more than its capacity, not even for a moment.
            int capacity = capacity(maxHandles.getAsInt());
            while (byTopic.size() >= capacity) {
                var eldest = byTopic.entrySet().iterator().next();
                byTopic.remove(eldest.getKey());
                eldest.getValue().close();
            }
            producer = session.createProducer(topics.of(topic));
            byTopic.put(topic, producer);
        }
        return producer;
    }

    /** Producers open now. */
    int size() {
        return byTopic.size();
    }
}
