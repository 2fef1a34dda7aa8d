package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

/**
 * The producer cache against a queue manager's MAXHANDS: a fake session that counts the producers
 * open on it, as IBM MQ counts a connection's open handles (MQRC 2017 past MAXHANDS).
 */
class TopicProducersTest {

    /** A session whose producers are counted while open; the most ever open at once is kept. */
    private static final class CountingSession {
        final Set<String> open = new HashSet<>();
        final List<String> closed = new ArrayList<>();
        int mostOpen;
        final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "createTopic" -> topic((String) args[0]);
                    case "createProducer" -> producer(((Topic) args[0]).getTopicName());
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        private Topic topic(String name) {
            return (Topic) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Topic.class},
                    (proxy, method, args) -> method.getName().equals("getTopicName") ? name : null);
        }

        private MessageProducer producer(String topic) {
            assertThat(open.add(topic)).as("one producer per topic").isTrue();
            mostOpen = Math.max(mostOpen, open.size());
            return (MessageProducer) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {MessageProducer.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            open.remove(topic);
                            closed.add(topic);
                        }
                        return null;
                    });
        }
    }

    @Test
    void capacityLeavesRoomForTheSessionsOtherHandlesWithinMaxHands() {
        assertThat(TopicProducers.capacity(256)).as("MQ's default MAXHANDS").isEqualTo(240);
        assertThat(TopicProducers.capacity(100_000)).isEqualTo(TopicProducers.MAX_PRODUCERS);
        assertThat(TopicProducers.capacity(10)).as("a tiny MAXHANDS still publishes").isEqualTo(1);
        assertThat(TopicProducers.capacity(256) + TopicProducers.OTHER_HANDLES).isLessThanOrEqualTo(256);
    }

    @Test
    void neverHoldsMoreProducersThanMaxHandsAllowsAndEvictsTheLeastRecentlyUsed() throws Exception {
        CountingSession fake = new CountingSession();
        TopicProducers producers = new TopicProducers(fake.session, () -> 40);
        int capacity = TopicProducers.capacity(40);

        for (int i = 0; i < 100; i++) {
            producers.forTopic("t/" + i);
            producers.forTopic("t/hot"); // used after every other topic: never the least recent
        }

        assertThat(fake.mostOpen).isEqualTo(capacity);
        assertThat(fake.open).contains("t/hot", "t/99").doesNotContain("t/0");
        assertThat(fake.closed).first().isEqualTo("t/0");
        assertThat(fake.closed).doesNotContain("t/hot");
    }

    @Test
    void aLimitLearnedAfterConnectingShrinksTheCacheAtTheNextNewTopic() throws Exception {
        CountingSession fake = new CountingSession();
        AtomicInteger maxHandles = new AtomicInteger(1040);
        TopicProducers producers = new TopicProducers(fake.session, maxHandles::get);
        for (int i = 0; i < 300; i++) {
            producers.forTopic("t/" + i);
        }
        assertThat(fake.open).hasSize(300);

        maxHandles.set(100); // the inquiry found MAXHANDS(100)
        producers.forTopic("t/new");

        assertThat(fake.open).hasSize(TopicProducers.capacity(100)).contains("t/new", "t/299");
        assertThat(producers.size()).isEqualTo(TopicProducers.capacity(100));
    }

    @Test
    void aKnownTopicReusesItsProducer() throws Exception {
        CountingSession fake = new CountingSession();
        TopicProducers producers = new TopicProducers(fake.session, () -> 40);
        MessageProducer first = producers.forTopic("a/b");
        assertThat(producers.forTopic("a/b")).isSameAs(first);
        assertThat(fake.closed).isEmpty();
    }
}
