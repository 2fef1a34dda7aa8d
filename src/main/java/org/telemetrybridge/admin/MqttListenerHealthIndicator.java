package org.telemetrybridge.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import org.telemetrybridge.mqtt.MqttListener;
import org.telemetrybridge.mqtt.MqttServer;

/**
 * UP while every MQTT listener is bound and can take new connections; part of readiness only, so no
 * traffic is sent to a bridge without a listener, nor to one whose max-connections are all open
 * (OUT_OF_SERVICE: every listener is full). Liveness does not include it: a full bridge is busy, not broken.
 */
@Component("mqtt")
public class MqttListenerHealthIndicator implements HealthIndicator {

    private final MqttServer server;

    public MqttListenerHealthIndicator(MqttServer server) {
        this.server = server;
    }

    @Override
    public Health health() {
        if (!server.listening()) {
            return Health.down().withDetail("listeners", details()).build();
        }
        Health.Builder health = server.saturated() ? Health.outOfService() : Health.up();
        return health.withDetail("port", server.port()).withDetail("connections", server.openConnections())
                .withDetail("maxConnections", server.maxConnections()).withDetail("listeners", details()).build();
    }

    private Map<String, Object> details() {
        Map<String, Object> listeners = new LinkedHashMap<>();
        for (MqttListener listener : server.listeners()) {
            listeners.put(listener.name(), Map.of("transport", listener.settings().transport().name(),
                    "bound", listener.listening(), "port", listener.port(),
                    "connections", listener.openConnections(), "maxConnections", listener.maxConnections()));
        }
        return listeners;
    }
}
