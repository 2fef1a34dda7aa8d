package org.telemetrybridge.e2e.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.util.ResourceLeakDetector;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.session.Session;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.RawMqttClient;

/**
 * Many clients send random and broken MQTT 3.1 / 3.1.1 packet sequences to a real bridge for a
 * bounded time ({@link PacketGenerator}); afterwards nothing may show that one of them hurt the
 * bridge or the others: no unhandled exception ({@link LogVerdict}), no client id left stuck, a
 * normal client still served, and the heap back near where it started.
 *
 * <p>System properties (docs/fuzzing.md): {@code fuzz.seconds} (default 30), {@code fuzz.clients}
 * (default 12), {@code fuzz.seed} (default: new each run; printed, with each client's seed, so a
 * failing run can be replayed).
 */
class MqttFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("fuzz.seconds", 30));
    private static final int CLIENTS = Integer.getInteger("fuzz.clients", 12);
    /** Heap the bridge may keep beyond where it started: retained messages and topics the fuzz created. */
    private static final long HEAP_MARGIN = 96L * 1024 * 1024;
    private static final Pattern REMOTE_PORT = Pattern.compile("at /127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path data;

    /** What the fuzz left to judge, without the logs and records it was drawn from. */
    private record Findings(List<String> failures, Map<String, Integer> counted,
                            List<String> uncaught,
                            List<String> stuck, List<String> sessionsLeft) {
    }

    @Test
    void randomAndBrokenPacketsFromManyClientsLeaveTheBridgeServingAndItsMemoryBack() throws Exception {
        System.out.printf("Fuzz: seed %d (-Dfuzz.seed=%d), %d clients, %s%n", SEED, SEED, CLIENTS, DURATION);
        try (BridgeInstance bridge = BridgeInstance.started(data, Map.of("bridge.mqtt.connect-timeout", "2s"))) {
            roundTrip(bridge.mqttPort(), "warm-up");
            long heapBefore = usedHeapAfterGc();
            Map<String, Long> classesBefore = HeapHistogram.bytesByClass();

            Findings findings = fuzzAndCheck(bridge);

            long heapAfter = usedHeapAfterGc();
            System.out.printf("Fuzz: used heap after GC %d MiB before, %d MiB after (margin %d MiB); grew most:%s%n",
                    heapBefore >> 20, heapAfter >> 20, HEAP_MARGIN >> 20,
                    HeapHistogram.growth(classesBefore, HeapHistogram.bytesByClass(), 15));
            System.out.println("Fuzz: WARN and ERROR lines by id: " + findings.counted());
            assertThat(findings.failures()).as("unhandled exceptions (seed %d)", SEED).isEmpty();
            assertThat(findings.uncaught()).as("uncaught exceptions in threads (seed %d)", SEED).isEmpty();
            assertThat(findings.stuck()).as("client ids that could not connect again (seed %d)", SEED).isEmpty();
            assertThat(findings.sessionsLeft()).as("sessions left after every id ended its own (seed %d)", SEED)
                    .isEmpty();
            assertThat(heapAfter).as("used heap after GC (seed %d)", SEED).isLessThan(heapBefore + HEAP_MARGIN);
        }
    }

    /**
     * Fuzzes, then checks every client id and a normal round trip. The log capture and the record of
     * what each connection sent end with this method, so that the heap measured afterwards is the
     * bridge's alone.
     */
    private static Findings fuzzAndCheck(BridgeInstance bridge) throws Exception {
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        Thread.UncaughtExceptionHandler uncaughtBefore = Thread.getDefaultUncaughtExceptionHandler();
        Queue<String> uncaught = new ConcurrentLinkedQueue<>();
        Map<Integer, List<String>> sentByLocalPort = new ConcurrentHashMap<>();
        try (LogCapture log = new LogCapture(Logger.ROOT_LOGGER_NAME, Level.WARN)) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
            Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(thread.getName() + ": " + e));
            long filesBefore = openFiles();
            // Sampled while the fuzz runs: the peaks show whether the bridge keeps up or piles up sockets.
            AtomicLong peakFiles = new AtomicLong();
            AtomicLong peakOpen = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                peakFiles.accumulateAndGet(openFiles(), Math::max);
                peakOpen.accumulateAndGet(bridge.bean(MqttServer.class).openConnections(), Math::max);
            }, 0, 100, TimeUnit.MILLISECONDS);
            try {
                fuzz(bridge.mqttPort(), sentByLocalPort);
            } finally {
                sampler.shutdownNow();
            }
            System.out.printf("Fuzz: open files %d before, %d right after, peak %d; peak connections on the bridge %d%n",
                    filesBefore, openFiles(), peakFiles.get(), peakOpen.get());

            MqttServer server = bridge.bean(MqttServer.class);
            Awaitility.await("every fuzz connection closed on the bridge too").atMost(Duration.ofSeconds(30))
                    .until(() -> server.openConnections() == 0);
            SessionRegistry registry = bridge.bean(SessionRegistry.class);
            List<String> stuck = new ArrayList<>(clientIdsThatCannotConnect(bridge, PacketGenerator.CLIENT_IDS));
            // A CONNECT whose connection closed first still completes in the background, so that a
            // persistent session may appear after the first round: those ids get a second one.
            List<String> late = registry.sessions().stream().map(Session::clientId).toList();
            System.out.println("Fuzz: sessions left after the first round of connects: " + late);
            stuck.addAll(clientIdsThatCannotConnect(bridge, late));
            roundTrip(bridge.mqttPort(), "after");
            System.out.printf("Fuzz: open files %d after the checks%n", openFiles());
            List<String> sessionsLeft = sessionsLeft(registry);
            // Buffers the bridge lost are reported when collected: collect before reading the log.
            usedHeapAfterGc();

            LogVerdict verdict = new LogVerdict(log.events());
            verdict.failures().forEach(failure -> System.out.println("Fuzz failure: " + failure
                    + replay(failure, sentByLocalPort)));
            return new Findings(verdict.failures(), verdict.counted(), List.copyOf(uncaught), stuck, sessionsLeft);
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
            Thread.setDefaultUncaughtExceptionHandler(uncaughtBefore);
        }
    }

    /** Runs the fuzz clients until the deadline; each client's seed is derived from {@link #SEED}. */
    private static void fuzz(int port, Map<Integer, List<String>> sentByLocalPort) throws Exception {
        long deadline = System.nanoTime() + DURATION.toNanos();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<FuzzClient> clients = new ArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                FuzzClient client = new FuzzClient(port, SEED + i, deadline, watchdog, sentByLocalPort);
                clients.add(client);
                running.add(threads.submit(client));
            }
            for (Future<?> client : running) {
                client.get(DURATION.toSeconds() + 90, TimeUnit.SECONDS);
            }
            System.out.printf("Fuzz: %d connections, %d packets sent%n",
                    clients.stream().mapToLong(FuzzClient::connections).sum(),
                    clients.stream().mapToLong(FuzzClient::packets).sum());
        } finally {
            threads.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    /**
     * Every id of the pool, and any other the bridge still has a session for, must connect with a
     * clean session and get CONNACK 0 within 10 s; this also ends their persistent sessions.
     */
    private static List<String> clientIdsThatCannotConnect(BridgeInstance bridge, Collection<String> candidates) {
        Set<String> ids = new TreeSet<>(candidates);
        bridge.bean(SessionRegistry.class).sessions().stream().map(Session::clientId).forEach(ids::add);
        List<String> stuck = new ArrayList<>();
        for (String id : ids) {
            try (RawMqttClient client = RawMqttClient.open(bridge.mqttPort())) {
                MqttConnAckMessage ack = (MqttConnAckMessage) client.connect(id, true, 60);
                if (ack.variableHeader().connectReturnCode() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    stuck.add(id + ": " + ack.variableHeader().connectReturnCode());
                } else {
                    client.disconnect();
                }
            } catch (AssertionError e) {
                stuck.add(id + ": " + e.getMessage());
            }
        }
        return stuck;
    }

    /** Files (and sockets) this JVM has open, where Linux tells; -1 elsewhere. */
    private static long openFiles() {
        try (var files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Sessions the registry still holds after every client id connected cleanly and left, within 30 s. */
    private static List<String> sessionsLeft(SessionRegistry registry) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.sessions().isEmpty());
            return List.of();
        } catch (ConditionTimeoutException e) {
            return registry.sessions().stream().map(session -> "'" + session.clientId() + "'"
                    + (session.persistent() ? " persistent" : " clean") + (session.connected() ? " connected" : ""))
                    .toList();
        }
    }

    /** A publish from one hivemq-mqtt-client to another through the bridge, at QoS 1. */
    private static void roundTrip(int port, String label) throws Exception {
        Mqtt3BlockingClient subscriber = Devices.connected(port, "FZSUB");
        Mqtt3BlockingClient publisher = Devices.connected(port, "FZPUB");
        try (Mqtt3BlockingClient.Mqtt3Publishes in = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("fuzz/check").qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publishWith().topic("fuzz/check").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(label.getBytes(StandardCharsets.UTF_8)).send();
            Mqtt3Publish received = in.receive(10, TimeUnit.SECONDS).orElseThrow(
                    () -> new AssertionError("the " + label + " round trip got nothing within 10 s (seed " + SEED + ")"));
            assertThat(new String(received.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(label);
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    /** Used heap after a few full collections: a settled figure to compare. */
    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            memory.gc();
            TimeUnit.MILLISECONDS.sleep(100); // let reference processing and finalizers run between collections
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** What the connection named in a log line sent, found by its remote port. */
    private static String replay(String failure, Map<Integer, List<String>> sentByLocalPort) {
        Matcher port = REMOTE_PORT.matcher(failure);
        if (!port.find()) {
            return "";
        }
        List<String> sent = sentByLocalPort.get(Integer.parseInt(port.group(1)));
        return sent == null ? "" : "\n  that connection sent:\n    " + String.join("\n    ", sent);
    }
}
