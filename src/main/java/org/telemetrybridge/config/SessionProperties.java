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
 * @param maxQueuedMessages messages waiting in the bridge for one connected client; beyond it, the
 *                          subscriptions feeding it pause and their messages wait in the backend,
 *                          except QoS 0 messages of clean sessions, which are dropped (TBR0034W)
 * @param slowClientTimeout how long a client may stay that far behind before it is disconnected
 *                          (TBR0039W), since it holds up the other subscribers of its filters; 0 never
 * @param takeoverFlappingCount  take-overs of one client id within the window that make it flapping (TBR0242W)
 * @param takeoverFlappingWindow the time those take-overs are counted in
 * @param takeoverHoldOff        how long a flapping client id cannot be taken over (TBR0243W); 0 only reports
 * @param expiry                 how long a persistent session may stay away before it is removed (TBR0247I);
 *                               0 keeps it for ever, as MQTT 3.1.1 does
 * @param expiryByClientId       expiries for client ids matching a glob pattern ({@code *}, {@code ?}), e.g.
 *                               {@code bridge.session.expiry-by-client-id[SENSOR*]=1d}; the longest matching wins
 * @param janitorInterval        how often away sessions are checked for expiry
 */
@Validated
@ConfigurationProperties("bridge.session")
public record SessionProperties(
        @DefaultValue("32") @Min(1) @Max(65535) int maxInflight,
        @DefaultValue("1000") @Min(1) int maxQueuedMessages,
        @DefaultValue("60s") java.time.Duration slowClientTimeout,
        @DefaultValue("5") @Min(2) int takeoverFlappingCount,
        @DefaultValue("60s") java.time.Duration takeoverFlappingWindow,
        @DefaultValue("0s") java.time.Duration takeoverHoldOff,
        @DefaultValue("7d") java.time.Duration expiry,
        java.util.Map<String, java.time.Duration> expiryByClientId,
        @DefaultValue("60s") java.time.Duration janitorInterval) {

    public SessionProperties {
        expiryByClientId = expiryByClientId == null ? java.util.Map.of() : expiryByClientId;
    }
}
