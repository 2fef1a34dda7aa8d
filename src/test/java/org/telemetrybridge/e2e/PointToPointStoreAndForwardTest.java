package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.PointToPoint;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.IbmMqLikeBackend;
import org.telemetrybridge.support.JmsClient;

/**
 * Point-to-point with IBM MQ's acknowledgement semantics (one acknowledge covers a whole session):
 * every message goes through the held queue, store-and-forward.
 */
class PointToPointStoreAndForwardTest extends PointToPointContract {

    @Override
    BridgeInstance startBridge(Path data) {
        return new BridgeInstance(data, Map.of("bridge.session.max-queued-messages", 20,
                "bridge.transmit.held-reader-linger", "2s"), IbmMqLikeBackend.class).start();
    }

    /**
     * The held queue's consumer acknowledges a batch after closing its consumer, which on IBM MQ leaves
     * the consumed messages in the session's unit of work. On Artemis, acting as IBM MQ here, batches
     * are seen twice after such a close (it appears to return the closed consumer's messages to the
     * queue), so only at-least-once is asked of this simulation.
     */
    @Override
    boolean deliversExactlyOnce() {
        return false;
    }

    /**
     * A connected device's reader of its held messages (on IBM MQ a conversation of its own) closes once the
     * device has caught up and nothing came for bridge.transmit.held-reader-linger, and opens again for its
     * next message: conversations are held by the devices being sent messages, not by every connected one.
     */
    @Test
    void aCaughtUpDevicesHeldReaderClosesAfterTheLingerAndOpensAgainForItsNextMessage() throws Exception {
        PointToPoint router = bridge.bean(PointToPoint.class);
        Mqtt3BlockingClient device = device("LINGER1", true);
        try (Mqtt3BlockingClient.Mqtt3Publishes in = device.publishes(MqttGlobalPublishFilter.ALL)) {
            sendTo("LINGER1", "cmd/one", "1".getBytes(), true);
            assertThat(in.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic()).hasToString("cmd/one");

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !router.readingHeld("LINGER1"));
            assertThat(device.getState().isConnected()).as("still connected, no longer reading").isTrue();

            sendTo("LINGER1", "cmd/two", "2".getBytes(), true);
            Mqtt3Publish next = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            while (next.getTopic().toString().equals("cmd/one")) {
                next = in.receive(10, TimeUnit.SECONDS).orElseThrow(); // at least once: a batch seen again
            }
            assertThat(next.getTopic()).hasToString("cmd/two");
        } finally {
            device.disconnect();
        }
    }

    /**
     * At most bridge.transmit.max-held-readers clients read their held messages at once (on IBM MQ, a
     * conversation each): others wait their turn, their messages held, and every message still arrives.
     */
    @Test
    void noMoreThanTheMaximumOfHeldReadersOpenAtOnceAndEveryMessageArrives(@TempDir Path ownData) throws Exception {
        int devices = 6;
        int perDevice = 3;
        try (BridgeInstance bounded = new BridgeInstance(ownData, Map.of("bridge.transmit.max-held-readers", 2),
                IbmMqLikeBackend.class).start(); JmsClient sender = new JmsClient(bounded.jmsUrl())) {
            PointToPoint router = bounded.bean(PointToPoint.class);
            AtomicLong mostReaders = new AtomicLong();
            AtomicLong mostWaiting = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                mostReaders.accumulateAndGet(router.heldReaders(), Math::max);
                mostWaiting.accumulateAndGet(router.waitingForHeldReader(), Math::max);
            }, 0, 5, TimeUnit.MILLISECONDS);
            List<Mqtt3BlockingClient> clients = new ArrayList<>();
            List<Mqtt3BlockingClient.Mqtt3Publishes> inboxes = new ArrayList<>();
            try {
                for (int d = 0; d < devices; d++) {
                    Mqtt3BlockingClient client = Devices.connected(bounded.mqttPort(), "BOUND" + d, true);
                    clients.add(client);
                    inboxes.add(client.publishes(MqttGlobalPublishFilter.ALL));
                }
                for (int m = 0; m < perDevice; m++) {
                    for (int d = 0; d < devices; d++) {
                        sender.sendToDevice("BOUND" + d, "cmd/" + m, new byte[] {(byte) m}, true);
                    }
                }
                for (int d = 0; d < devices; d++) {
                    Set<String> topics = new HashSet<>();
                    while (topics.size() < perDevice) {
                        topics.add(inboxes.get(d).receive(20, TimeUnit.SECONDS).orElseThrow().getTopic().toString());
                    }
                }
            } finally {
                sampler.shutdownNow();
                inboxes.forEach(Mqtt3BlockingClient.Mqtt3Publishes::close);
                clients.forEach(Mqtt3BlockingClient::disconnect);
            }
            assertThat(mostReaders.get()).as("readers open at once").isBetween(1L, 2L);
            assertThat(mostWaiting.get()).as("clients waited for a reader").isPositive();
        }
    }
}
