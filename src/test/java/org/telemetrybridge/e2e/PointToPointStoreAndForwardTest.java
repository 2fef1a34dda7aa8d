package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.PointToPoint;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.IbmMqLikeBackend;

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

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> router.heldReaders() == 0);
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
}
