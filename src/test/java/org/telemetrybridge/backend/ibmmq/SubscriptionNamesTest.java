package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SubscriptionNamesTest {

    @Test
    void shortNamesFollowMqTelemetrysClientIdColonFilterScheme() {
        assertThat(SubscriptionNames.durable("DEV1", "sensors/+/temp")).isEqualTo("DEV1:sensors/+/temp");
        assertThat(SubscriptionNames.hashed("DEV1:sensors/+/temp", "DEV1", "sensors/+/temp")).isFalse();
    }

    @Test
    void nameOfExactlyTheLimitIsKept() {
        String filter = "a".repeat(SubscriptionNames.MAX_BYTES - "DEV1:".length());
        assertThat(SubscriptionNames.durable("DEV1", filter)).isEqualTo("DEV1:" + filter);
    }

    @Test
    void longFilterIsShortenedWithAHashAndStaysDistinct() {
        String common = "plant/" + "x".repeat(2000);
        String one = SubscriptionNames.durable("DEV1", common + "/1");
        String two = SubscriptionNames.durable("DEV1", common + "/2");

        assertThat(one.getBytes(StandardCharsets.UTF_8)).hasSize(SubscriptionNames.MAX_BYTES);
        assertThat(one).startsWith("DEV1:plant/xxx").matches(".*#[0-9a-f]{64}");
        assertThat(one).isNotEqualTo(two);
        assertThat(SubscriptionNames.durable("DEV1", common + "/1")).as("stable across calls").isEqualTo(one);
        assertThat(SubscriptionNames.hashed(one, "DEV1", common + "/1")).isTrue();
    }

    @Test
    void shorteningNeverSplitsAMultiByteCharacter() {
        String filter = "€".repeat(600);
        String name = SubscriptionNames.durable("DEV1", filter);

        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(SubscriptionNames.MAX_BYTES);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(name);
        assertThat(name).doesNotContain("\uFFFD");
    }
}
