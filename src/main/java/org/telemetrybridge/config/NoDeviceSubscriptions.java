package org.telemetrybridge.config;

import java.util.Map;
import java.util.Set;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.DeviceSubscriptions;

/**
 * The stand-in while a backend's configuration provides no {@link DeviceSubscriptions} bean (every
 * backend of the bridge's own provides one today): the bridge starts, and a persistent session's
 * SUBSCRIBE is refused (TBR0302W) rather than accepted and silently never served.
 */
final class NoDeviceSubscriptions implements DeviceSubscriptions {

    private final String backend;

    NoDeviceSubscriptions(String backend) {
        this.backend = backend;
        BridgeLog.noDeviceSubscriptions(backend);
    }

    @Override
    public void subscribe(String clientId, String queueManagerName, String filter, int qos) {
        throw new BackendUnavailableException(backend + " has no device subscriptions", null);
    }

    @Override
    public boolean unsubscribe(String clientId, String filter) {
        return false;
    }

    @Override
    public Map<String, Integer> of(String clientId) {
        return Map.of();
    }

    @Override
    public Set<String> clientIds() {
        return Set.of();
    }
}
