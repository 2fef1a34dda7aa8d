package org.telemetrybridge.config;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The bridge's log ({@code bridge.log.*}).
 *
 * @param repeatsInFull events of one message id logged one by one per 10 seconds; the rest are summed
 *                      up in one line (TBR0110I, TBR0111W, TBR0112E)
 */
@Validated
@ConfigurationProperties("bridge.log")
public record LogProperties(@DefaultValue("10") @Min(1) int repeatsInFull) {
}
