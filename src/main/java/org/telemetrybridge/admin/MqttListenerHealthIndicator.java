package org.telemetrybridge.admin;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import org.telemetrybridge.mqtt.MqttServer;

/**
 * UP while the MQTT listener is bound and can take new connections; part of readiness only, so no
 * traffic is sent to a bridge without a listener, nor to one whose max-connections are all open
 * (OUT_OF_SERVICE). Liveness does not include it: a full bridge is busy, not broken.
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
            return Health.down().withDetail("listener", "not bound").build();
        }
        Health.Builder health = server.saturated() ? Health.outOfService() : Health.up();
        return health.withDetail("port", server.port()).withDetail("connections", server.openConnections())
                .withDetail("maxConnections", server.maxConnections()).build();
    }
}
