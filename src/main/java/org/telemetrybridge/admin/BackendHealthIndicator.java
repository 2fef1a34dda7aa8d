package org.telemetrybridge.admin;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import org.telemetrybridge.backend.jms.JmsBackend;

/**
 * Health of the backend connection ({@code /actuator/health/backend}), part of the readiness group:
 * while the queue manager is not reachable the bridge is alive but not ready, so a platform routes no
 * devices to it and does not restart it (liveness stays UP). The details say why and how many
 * connection attempts failed.
 */
@Component
public class BackendHealthIndicator implements HealthIndicator {

    private final JmsBackend backend;

    public BackendHealthIndicator(JmsBackend backend) {
        this.backend = backend;
    }

    @Override
    public Health health() {
        if (backend.available()) {
            return Health.up().withDetail("backend", backend.describe()).build();
        }
        Health.Builder down = Health.down().withDetail("backend", backend.describe())
                .withDetail("failedAttempts", backend.failedAttempts());
        String failure = backend.lastFailure();
        if (failure != null) {
            down.withDetail("reason", failure);
        }
        return down.build();
    }
}
