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
 * @param rule      {@code qmgr-name}: the id must be a queue manager name, so MQ applications can
 *                  address the device; {@code mqtt}: any id MQTT allows
 * @param maxLength longest id under MQTT 3.1.1 with rule {@code qmgr-name} (MQTT 3.1 allows 23)
 */
@Validated
@ConfigurationProperties("bridge.client-id")
public record ClientIdProperties(
        @DefaultValue("qmgr-name") ClientIdRule.Mode rule,
        @DefaultValue("48") @Min(1) @Max(ClientIdRule.QMGR_NAME_MAX_LENGTH) int maxLength) {
}
