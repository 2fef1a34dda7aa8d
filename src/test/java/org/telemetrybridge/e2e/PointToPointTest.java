package org.telemetrybridge.e2e;

import java.nio.file.Path;
import java.util.Map;

import org.telemetrybridge.support.BridgeInstance;

/** Point-to-point on the embedded broker, which acknowledges each message on its own: direct delivery. */
class PointToPointTest extends PointToPointContract {

    @Override
    BridgeInstance startBridge(Path data) {
        return BridgeInstance.started(data, Map.of("bridge.session.max-queued-messages", 20));
    }
}
