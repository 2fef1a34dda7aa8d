package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.support.LogCapture;

/** Flapping client ids: N take-overs within T, reported once per episode, held off when configured. */
class TakeOverWatchTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LogCapture log = new LogCapture();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private TakeOverWatch watch(Duration holdOff) {
        return new TakeOverWatch(new TakeOverWatch.Settings(3, Duration.ofSeconds(10), holdOff), now::get);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void theCountWithinTheWindowMakesAnIdFlappingOnceAnEpisode() {
        TakeOverWatch watch = watch(Duration.ZERO);
        watch.tookOver("DEV1", "a:1", "b:2");
        watch.tookOver("DEV1", "b:2", "a:3");
        assertThat(watch.flappingIds()).isZero();
        watch.tookOver("DEV1", "a:3", "b:4");
        watch.tookOver("DEV1", "b:4", "a:5");
        assertThat(watch.flappingIds()).isEqualTo(1);
        assertThat(watch.takeOvers()).isEqualTo(4);
        assertThat(log.withId("TBR0242W")).singleElement().asString().contains("'DEV1'", "a:3", "b:4");
        assertThat(watch.heldOff("DEV1")).as("no hold-off configured").isFalse();
    }

    @Test
    void takeOversSpreadBeyondTheWindowAreNotFlapping() {
        TakeOverWatch watch = watch(Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            watch.tookOver("SLOW", "a", "b");
            advance(Duration.ofSeconds(6));
        }
        assertThat(watch.flappingIds()).isZero();
        assertThat(log.withId("TBR0242W")).isEmpty();
    }

    @Test
    void aNewEpisodeAfterAQuietSpellIsReportedAgain() {
        TakeOverWatch watch = watch(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            watch.tookOver("DEV2", "a", "b");
        }
        advance(Duration.ofSeconds(30));
        watch.tookOver("DEV2", "a", "b"); // quiet: the episode is over
        watch.tookOver("DEV2", "a", "b");
        watch.tookOver("DEV2", "a", "b");
        assertThat(watch.flappingIds()).isEqualTo(2);
    }

    @Test
    void aFlappingIdIsHeldOffForTheHoldOffThenReleased() {
        TakeOverWatch watch = watch(Duration.ofSeconds(20));
        for (int i = 0; i < 3; i++) {
            watch.tookOver("DEV3", "a", "b");
        }
        assertThat(watch.heldOff("DEV3")).isTrue();
        assertThat(watch.heldOff("OTHER")).isFalse();
        advance(Duration.ofSeconds(19));
        assertThat(watch.heldOff("DEV3")).isTrue();
        advance(Duration.ofSeconds(2));
        assertThat(watch.heldOff("DEV3")).isFalse();
    }

    @Test
    void theIdsTrackedAreBounded() {
        TakeOverWatch watch = watch(Duration.ZERO);
        for (int i = 0; i < TakeOverWatch.MAX_TRACKED_IDS + 500; i++) {
            watch.tookOver("ID" + i, "a", "b");
        }
        assertThat(watch.tracked()).isEqualTo(TakeOverWatch.MAX_TRACKED_IDS);
    }
}
