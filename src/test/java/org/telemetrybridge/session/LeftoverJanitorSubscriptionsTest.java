package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.port.DeviceSubscriptions;

/**
 * The leftover janitor against a device-subscriptions port (an in-memory one: the backends' own come
 * with issue 14): a client id with subscriptions and no session is reported, and with
 * {@code remove} loses its subscriptions and held messages after the grace time; a client id with a
 * session, connected or away, keeps them.
 */
class LeftoverJanitorSubscriptionsTest {

    private final FakeBackend backend = new FakeBackend();
    private final FakeTransmitQueue queue = new FakeTransmitQueue();
    private final InMemorySubscriptions subscriptions = new InMemorySubscriptions();
    private SessionRegistry registry;
    private PointToPoint pointToPoint;

    @BeforeEach
    void start() {
        registry = new SessionRegistry(backend, subscriptions, new SessionSettings(4, 10, Duration.ofSeconds(30)),
                Runnable::run);
        registry.start();
        pointToPoint = new PointToPoint(registry, queue, new ClientIdRule(ClientIdRule.Mode.QMGR_NAME, 48), 100);
        pointToPoint.start();
    }

    @Test
    void subscriptionsOfAClientIdWithoutASessionAreDeletedAfterTheGraceOnly() {
        FakeConnection device = new FakeConnection("a");
        device.connect(registry, "KEEPER", false, null);
        device.close(true); // away, persistent: not a leftover
        subscriptions.subscribe("KEEPER", "KEEPER", "k/#", 1);
        subscriptions.subscribe("GONE", "GONE", "a/#", 1);
        subscriptions.subscribe("GONE", "GONE", "b/+", 0);
        queue.held.put("GONE", 4);
        LeftoverJanitor janitor = new LeftoverJanitor(registry, pointToPoint, queue, subscriptions,
                new LeftoverJanitor.Settings(LeftoverJanitor.Action.REMOVE, Duration.ofMinutes(10)));

        assertThat(janitor.sweep(0)).containsExactly(new LeftoverJanitor.Leftover("GONE", 4, 2));
        assertThat(subscriptions.of("GONE")).as("within the grace time").hasSize(2);

        assertThat(janitor.sweep(Duration.ofMinutes(10).toMillis())).hasSize(1);
        assertThat(subscriptions.of("GONE")).isEmpty();
        assertThat(queue.deadLettered).containsExactly("GONE UNKNOWN_CLIENT");
        assertThat(janitor.subscriptionsRemoved()).isEqualTo(2);
        assertThat(janitor.heldRemoved()).isEqualTo(4);
        assertThat(subscriptions.of("KEEPER")).containsEntry("k/#", 1);
        assertThat(janitor.sweep(Duration.ofMinutes(20).toMillis())).isEmpty();
    }

    @Test
    void reportOnlyNeverDeletes() {
        subscriptions.subscribe("GONE", "GONE", "a/#", 1);
        LeftoverJanitor janitor = new LeftoverJanitor(registry, pointToPoint, queue, subscriptions,
                new LeftoverJanitor.Settings(LeftoverJanitor.Action.REPORT, Duration.ZERO));
        assertThat(janitor.sweep(0)).hasSize(1);
        assertThat(janitor.sweep(Duration.ofDays(365).toMillis())).hasSize(1);
        assertThat(subscriptions.of("GONE")).hasSize(1);
        assertThat(janitor.found()).extracting(LeftoverJanitor.Leftover::clientId).containsExactly("GONE");
    }

    /** Device subscriptions in memory: client id to filter to QoS. */
    private static final class InMemorySubscriptions implements DeviceSubscriptions {

        private final Map<String, Map<String, Integer>> byClient = new HashMap<>();

        @Override
        public void subscribe(String clientId, String queueManagerName, String filter, int qos) {
            byClient.computeIfAbsent(clientId, id -> new TreeMap<>()).put(filter, qos);
        }

        @Override
        public boolean unsubscribe(String clientId, String filter) {
            Map<String, Integer> filters = byClient.get(clientId);
            boolean existed = filters != null && filters.remove(filter) != null;
            if (filters != null && filters.isEmpty()) {
                byClient.remove(clientId);
            }
            return existed;
        }

        @Override
        public Map<String, Integer> of(String clientId) {
            return Map.copyOf(byClient.getOrDefault(clientId, Map.of()));
        }

        @Override
        public Set<String> clientIds() {
            return Set.copyOf(byClient.keySet());
        }
    }
}
