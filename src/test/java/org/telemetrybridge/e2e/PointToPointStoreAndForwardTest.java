package org.telemetrybridge.e2e;

import java.nio.file.Path;
import java.util.Map;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.IbmMqLikeBackend;

/**
 * Point-to-point with IBM MQ's acknowledgement semantics (one acknowledge covers a whole session):
 * every message goes through the held queue, store-and-forward.
 */
class PointToPointStoreAndForwardTest extends PointToPointContract {

    @Override
    BridgeInstance startBridge(Path data) {
        return new BridgeInstance(data, Map.of("bridge.session.max-queued-messages", 20), IbmMqLikeBackend.class)
                .start();
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
}
