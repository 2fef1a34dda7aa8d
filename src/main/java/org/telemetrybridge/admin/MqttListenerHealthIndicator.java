package org.telemetrybridge.admin;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import org.telemetrybridge.mqtt.MqttServer;

/** UP while the MQTT listener is bound; part of readiness, so no traffic is sent to a bridge without one. */
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
        return Health.up().withDetail("port", server.port()).withDetail("connections", server.openConnections())
                .build();
    }
}
