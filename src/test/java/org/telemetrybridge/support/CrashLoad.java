package org.telemetrybridge.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import org.awaitility.Awaitility;

/**
 * The clients of the crash test: two persistent QoS 2 subscribers to {@code load/#} that keep their
 * own packet-id state (hivemq-mqtt-client and libmosquitto's mosquitto_sub), and two persistent
 * publishers (QoS 1 and QoS 2) that reconnect by themselves while the bridge is killed and
 * restarted on the same port. It counts what each publisher had acknowledged and what each
 * subscriber received.
 */
public final class CrashLoad implements AutoCloseable {

    /**
     * What a run showed.
     *
     * @param lost           acknowledged publications a subscriber never received (summed over subscribers)
     * @param qos2Duplicates extra copies of QoS 2 publications (summed over subscribers)
     * @param qos1Duplicates extra copies of QoS 1 publications (allowed: at least once)
     */
    public record Figures(int acknowledgedQos1, int acknowledgedQos2, int failedPublishes, int lost,
                          int qos2Duplicates, int qos1Duplicates) {
    }

    private static final List<String> SUBSCRIBERS = List.of("hivemq", "mosquitto");
    private static final int OUTSTANDING_PER_PUBLISHER = 20;

    private final int port;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger settled = new AtomicInteger();
    private final Map<String, Map<String, AtomicInteger>> received = Map.of(
            "hivemq", new ConcurrentHashMap<>(), "mosquitto", new ConcurrentHashMap<>());
    private Mqtt3AsyncClient subscriber;
    private Process mosquitto;
    private final Mqtt3AsyncClient[] publishers = new Mqtt3AsyncClient[3];
    private int expectedSettled;

    public CrashLoad(int port) {
        this.port = port;
    }

    private Mqtt3AsyncClient client(String id) {
        return Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port)
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect().buildAsync();
    }

    /** Connects both subscribers and waits until each receives a probe publication. */
    public void subscribe() throws Exception {
        subscriber = client("CRASHHIVE");
        subscriber.publishes(MqttGlobalPublishFilter.ALL, publish ->
                count("hivemq", new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        subscriber.connectWith().cleanSession(false).send().get(10, TimeUnit.SECONDS);
        subscriber.subscribeWith().topicFilter("load/#").qos(MqttQos.EXACTLY_ONCE).send().get(10, TimeUnit.SECONDS);

        mosquitto = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-c", "-q", "2", "-i", "CRASHMOSQ", "-t", "load/#").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(mosquitto.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    count("mosquitto", line.trim());
                }
            } catch (IOException ended) {
                // The process was ended.
            }
        }, "mosquitto_sub reader");
        reader.setDaemon(true);
        reader.start();

        for (int p = 1; p <= 2; p++) {
            publishers[p] = client("CRASHPUBQ" + p);
            publishers[p].connectWith().cleanSession(false).send().get(10, TimeUnit.SECONDS);
        }
        AtomicInteger probe = new AtomicInteger();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            publishers[1].publishWith().topic("load/probe").payload(("probe-" + probe.incrementAndGet()).getBytes())
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            return SUBSCRIBERS.stream().allMatch(s -> received.get(s).keySet().stream().anyMatch(k -> k.startsWith("probe")));
        });
    }

    private void count(String subscriberName, String payload) {
        received.get(subscriberName).computeIfAbsent(payload, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Starts both publishers, each sending {@code messages} publications with a bounded number outstanding. */
    public void startPublishing(int messages) {
        expectedSettled = 2 * messages;
        for (int qos = 1; qos <= 2; qos++) {
            int level = qos;
            Thread thread = new Thread(() -> publish(level, messages), "crash publisher QoS " + qos);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void publish(int qos, int messages) {
        Semaphore outstanding = new Semaphore(OUTSTANDING_PER_PUBLISHER);
        for (int i = 0; i < messages; i++) {
            String payload = "q" + qos + "-" + i;
            try {
                if (!outstanding.tryAcquire(120, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            publishers[qos].publishWith().topic("load/q" + qos).payload(payload.getBytes(StandardCharsets.UTF_8))
                    .qos(qos == 1 ? MqttQos.AT_LEAST_ONCE : MqttQos.EXACTLY_ONCE).send()
                    .whenComplete((result, failure) -> {
                        if (failure == null) {
                            acknowledged.add(payload);
                        } else {
                            failed.incrementAndGet();
                        }
                        settled.incrementAndGet();
                        outstanding.release();
                    });
        }
    }

    /** Publications acknowledged to their publishers so far. */
    public int acknowledged() {
        return acknowledged.size();
    }

    /** Waits until every publication was acknowledged or failed. */
    public void awaitPublished(Duration atMost) {
        Awaitility.await().atMost(atMost).until(() -> settled.get() >= expectedSettled);
    }

    /** Waits until every subscriber has every acknowledged publication, or the time is over. */
    public void awaitDelivered(Duration atMost) {
        try {
            Awaitility.await().atMost(atMost).until(() -> lost() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Reported by the figures.
        }
    }

    private int lost() {
        int lost = 0;
        for (String name : SUBSCRIBERS) {
            Map<String, AtomicInteger> got = received.get(name);
            for (String payload : acknowledged) {
                if (!got.containsKey(payload)) {
                    lost++;
                }
            }
        }
        return lost;
    }

    /** The lost and the duplicated QoS 2 publications per subscriber, for the failure message. */
    public String details() {
        StringBuilder text = new StringBuilder();
        for (String name : SUBSCRIBERS) {
            Map<String, AtomicInteger> got = received.get(name);
            text.append(name).append(": lost ").append(acknowledged.stream().filter(p -> !got.containsKey(p)).sorted().toList())
                    .append(", QoS 2 twice ").append(got.entrySet().stream()
                            .filter(e -> e.getKey().startsWith("q2-") && e.getValue().get() > 1).map(Map.Entry::getKey)
                            .sorted().toList())
                    .append("; ");
        }
        return text.toString();
    }

    public Figures figures() {
        int qos2Duplicates = 0;
        int qos1Duplicates = 0;
        for (String name : SUBSCRIBERS) {
            for (Map.Entry<String, AtomicInteger> entry : received.get(name).entrySet()) {
                int extra = entry.getValue().get() - 1;
                if (entry.getKey().startsWith("q2-")) {
                    qos2Duplicates += extra;
                } else if (entry.getKey().startsWith("q1-")) {
                    qos1Duplicates += extra;
                }
            }
        }
        int q1 = (int) acknowledged.stream().filter(p -> p.startsWith("q1-")).count();
        return new Figures(q1, acknowledged.size() - q1, failed.get(), lost(), qos2Duplicates, qos1Duplicates);
    }

    @Override
    public void close() {
        for (Mqtt3AsyncClient client : new Mqtt3AsyncClient[] {subscriber, publishers[1], publishers[2]}) {
            if (client != null) {
                client.disconnect();
            }
        }
        if (mosquitto != null) {
            mosquitto.destroy();
        }
    }
}
