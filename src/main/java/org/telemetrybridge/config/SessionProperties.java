package org.telemetrybridge.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client limits ({@code bridge.session.*}).
 *
 * @param maxInflight       QoS 1/2 messages sent to a client and not yet acknowledged by it
 * @param maxQueuedMessages messages waiting in the bridge for one connected client; beyond it,
 *                          shared-subscription messages are dropped (TBR0034W) and durable ones
 *                          wait in the backend
 */
@Validated
@ConfigurationProperties("bridge.session")
public record SessionProperties(
        @DefaultValue("32") @Min(1) @Max(65535) int maxInflight,
        @DefaultValue("1000") @Min(1) int maxQueuedMessages) {
}
