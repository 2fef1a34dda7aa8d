package org.telemetrybridge.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicLimitsTest {

    private final TopicLimits limits = new TopicLimits(12, 3);

    @Test
    void countsLevelsIncludingEmptyOnes() {
        assertThat(limits.violation("a/b/c")).isNull();
        assertThat(limits.violation("//")).isNull();
        assertThat(limits.violation("a/b/c/d")).contains("more than 3 levels");
        assertThat(limits.violation("///")).contains("more than 3 levels");
        assertThat(limits.violation("+/+/#")).isNull();
    }

    @Test
    void measuresLengthInBytesOfUtf8() {
        assertThat(limits.violation("abcdefghijkl")).isNull();
        assertThat(limits.violation("abcdefghijklm")).contains("13 bytes long");
        assertThat(limits.violation("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")).isNull(); // 12 bytes
        assertThat(limits.violation("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")).contains("14 bytes long");
    }

    @Test
    void defaultsAreMqsTopicStringLimitAndAHundredLevels() {
        assertThat(TopicLimits.DEFAULTS.violation("x".repeat(10_240))).isNull();
        assertThat(TopicLimits.DEFAULTS.violation("x".repeat(10_241))).isNotNull();
        assertThat(TopicLimits.DEFAULTS.violation("a/".repeat(99) + "a")).isNull();
        assertThat(TopicLimits.DEFAULTS.violation("a/".repeat(100) + "a")).isNotNull();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new TopicLimits(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicLimits(65_536, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicLimits(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicLimits(10, 1001)).isInstanceOf(IllegalArgumentException.class);
    }
}
