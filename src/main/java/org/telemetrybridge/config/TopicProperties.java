package org.telemetrybridge.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import org.telemetrybridge.topic.TopicLimits;

/**
 * Limits of topic names and filters ({@code bridge.topic.*}), checked before anything reaches the
 * backend: a PUBLISH (or a will) beyond them closes the connection, a SUBSCRIBE gets 0x80 for that
 * filter.
 *
 * @param maxLength the longest topic name or filter in bytes; IBM MQ's topic string limit by default
 * @param maxLevels the most levels a topic name or filter may have; far above any real topic scheme
 *                  and far below the depth the embedded broker survives (see docs/mqtt.md)
 */
@Validated
@ConfigurationProperties("bridge.topic")
public record TopicProperties(
        @DefaultValue("10240") @Min(1) @Max(65535) int maxLength,
        @DefaultValue("100") @Min(1) @Max(1000) int maxLevels) {

    public TopicLimits limits() {
        return new TopicLimits(maxLength, maxLevels);
    }
}
