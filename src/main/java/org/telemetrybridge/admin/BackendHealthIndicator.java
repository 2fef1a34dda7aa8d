package org.telemetrybridge.admin;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import org.telemetrybridge.backend.Backend;

/**
 * Health of the backend connection ({@code /actuator/health/backend}), part of the readiness group:
 * while the queue manager is not reachable the bridge is alive but not ready, so a platform routes no
 * devices to it and does not restart it (liveness stays UP).
 */
@Component
public class BackendHealthIndicator implements HealthIndicator {

    private final Backend backend;

    public BackendHealthIndicator(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Health health() {
        Health.Builder health = backend.available() ? Health.up() : Health.down();
        return health.withDetail("backend", backend.describe()).build();
    }
}
