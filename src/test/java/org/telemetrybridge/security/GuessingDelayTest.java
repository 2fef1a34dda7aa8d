package org.telemetrybridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The delay per source address: doubling from the initial wait to the maximum, forgotten, bounded. */
class GuessingDelayTest {

    private final AtomicLong now = new AtomicLong();
    private final GuessingDelay delay = new GuessingDelay(Duration.ofMillis(500), Duration.ofSeconds(10),
            Duration.ofMinutes(10), 3, now::get);

    @Test
    void doublesAfterEachFailureUpToTheMaximum() {
        assertThat(delay.before("10.0.0.1")).isZero();
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofMillis(500));
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 100; i++) {
            delay.failed("10.0.0.1");
        }
        assertThat(delay.before("10.0.0.1")).isEqualTo(Duration.ofSeconds(10));
        assertThat(delay.before("10.0.0.2")).as("other addresses are not slowed").isZero();
    }

    @Test
    void aSuccessOrAQuietPeriodForgetsTheAddress() {
        delay.failed("10.0.0.1");
        delay.failed("10.0.0.2");
        delay.succeeded("10.0.0.1");
        assertThat(delay.before("10.0.0.1")).isZero();

        now.addAndGet(Duration.ofMinutes(10).toNanos() + 1);
        assertThat(delay.before("10.0.0.2")).isZero();
        assertThat(delay.failed("10.0.0.2")).as("starts afresh").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void remembersABoundedNumberOfAddresses() {
        for (int i = 0; i < 1000; i++) {
            delay.failed("10.0.0." + i);
        }
        assertThat(delay.addressesRemembered()).isEqualTo(3);
        assertThat(delay.before("10.0.0.999")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void theHostOfNettysAddressForms() {
        assertThat(GuessingDelay.hostOf("/127.0.0.1:51234")).isEqualTo("127.0.0.1");
        assertThat(GuessingDelay.hostOf("device.example/10.1.2.3:1883")).isEqualTo("10.1.2.3");
        assertThat(GuessingDelay.hostOf("/0:0:0:0:0:0:0:1:51234")).isEqualTo("0:0:0:0:0:0:0:1");
    }
}
