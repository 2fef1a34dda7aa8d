package org.telemetrybridge.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import org.telemetrybridge.session.ClientIdRule;

/**
 * Which client identifiers are accepted ({@code bridge.client-id.*}).
 *
 * @param rule      {@code derived} (default): any id MQTT allows; one that is not a queue manager name gets
 *                  a derived one MQ applications address it by; {@code qmgr-name}: the id must be a queue
 *                  manager name (MQ Telemetry's model); {@code mqtt}: any id MQTT allows, those that are
 *                  not queue manager names cannot be addressed from MQ
 * @param maxLength longest id under MQTT 3.1.1 with rule {@code qmgr-name} (MQTT 3.1 allows 23)
 */
@Validated
@ConfigurationProperties("bridge.client-id")
public record ClientIdProperties(
        @DefaultValue("derived") ClientIdRule.Mode rule,
        @DefaultValue("48") @Min(1) @Max(ClientIdRule.QMGR_NAME_MAX_LENGTH) int maxLength) {
}
