package org.telemetrybridge.admin;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.jms.JmsBackend;

/**
 * Health of the backend connection ({@code /actuator/health/backend}), part of the readiness group:
 * while the queue manager is not reachable the bridge is alive but not ready, so a platform routes no
 * devices to it and does not restart it (liveness stays UP). The details say why and how many
 * connection attempts failed. With active/standby ({@code bridge.ha.mode}) the details name the role:
 * the standby is connected yet DOWN, so that a platform routes devices only to the active bridge.
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
            Health.Builder up = Health.up().withDetail("backend", backend.describe());
            return (backend.activeStandby() ? up.withDetail("role", "active") : up).build();
        }
        if (backend.standby()) {
            // Connected, but another bridge is the active one: not ready, by design.
            return Health.down().withDetail("backend", backend.describe()).withDetail("role", "standby")
                    .withDetail("reason", "another bridge holds " + MqObjectNames.ACTIVE_LOCK_QUEUE
                            + " (or it cannot be opened: see TBR0342W)").build();
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
