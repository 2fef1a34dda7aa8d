package org.telemetrybridge.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the HTTP side ({@code bridge.http.*}): actuator, metrics and admin endpoints. The health
 * probes ({@code /actuator/health}, {@code .../liveness}, {@code .../readiness}) answer anyone, without
 * details. While no user is set, requests from loopback need no credentials (the quick start, like
 * RabbitMQ's guest user); once one is set, every other request needs credentials.
 *
 * <p>A password is given hashed, {@code {bcrypt}...} or {@code {argon2}...} (Spring Security's
 * form, e.g. from {@code htpasswd -nbBC 12}'s hash with the {@code {bcrypt}} prefix), or in plain text, best from
 * an environment variable ({@code BRIDGE_HTTP_ADMIN_PASSWORD}); plain text is hashed at start.
 *
 * @param adminUser          the user that reaches every endpoint and sees the health details; empty for none
 * @param adminPassword      its password
 * @param prometheusUser     the user Prometheus scrapes {@code /actuator/prometheus} with, and nothing else;
 *                           empty for none
 * @param prometheusPassword its password
 */
@Validated
@ConfigurationProperties("bridge.http")
public record HttpSecurityProperties(
        @DefaultValue("") String adminUser,
        @DefaultValue("") String adminPassword,
        @DefaultValue("") String prometheusUser,
        @DefaultValue("") String prometheusPassword) {

    /** Whether any HTTP user is set; without one the quick start's loopback rule applies. */
    public boolean usersConfigured() {
        return !adminUser.isBlank() || !prometheusUser.isBlank();
    }
}
