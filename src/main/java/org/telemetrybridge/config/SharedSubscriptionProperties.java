package org.telemetrybridge.config;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of MQTT's shared subscriptions, {@code $share/<group>/<filter>} ({@code bridge.shared-subscriptions.*}).
 * Each connected member holds a JMS session of its own on the backend (on IBM MQ a connection handle),
 * so their number is bounded like every other input; a SUBSCRIBE past a bound gets 0x80 (TBR0363W).
 *
 * @param maxGroups  the most groups (distinct shared filters) with members in this bridge
 * @param maxMembers the most memberships in this bridge, counting each session in each group, connected
 *                   or away
 */
@Validated
@ConfigurationProperties("bridge.shared-subscriptions")
public record SharedSubscriptionProperties(
        @DefaultValue("100") @Min(0) int maxGroups,
        @DefaultValue("1000") @Min(0) int maxMembers) {
}
