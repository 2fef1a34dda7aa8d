package org.telemetrybridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The log's repeat limiter: the first events of an id in full, the rest summed up per interval. */
class RepeatLimiterTest {

    @Test
    void firstEventsOfAnIdAreLoggedInFullTheRestCountedWithTheFirstClients() {
        RepeatLimiter limiter = new RepeatLimiter(3);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit("TBR0010W", "C" + i)).isTrue();
        }
        for (int i = 3; i < 100; i++) {
            assertThat(limiter.admit("TBR0010W", "C" + (i % 10))).isFalse();
        }

        List<RepeatLimiter.Summary> summaries = limiter.sweep();

        assertThat(summaries).containsExactly(new RepeatLimiter.Summary("TBR0010W", 97,
                List.of("C3", "C4", "C5", "C6", "C7")));
    }

    @Test
    void eachIdHasItsOwnCountAndANewIntervalStartsAfresh() {
        RepeatLimiter limiter = new RepeatLimiter(1);
        assertThat(limiter.admit("TBR0010W", "A")).isTrue();
        assertThat(limiter.admit("TBR0024W", "A")).isTrue();
        assertThat(limiter.admit("TBR0010W", "B")).isFalse();

        assertThat(limiter.sweep()).extracting(RepeatLimiter.Summary::id).containsExactly("TBR0010W");
        assertThat(limiter.admit("TBR0010W", "C")).as("logged in full in the next interval").isTrue();
        assertThat(limiter.sweep()).as("nothing left out, no summary").isEmpty();
    }

    @Test
    void summaryLineCarriesItsOwnIdAtTheLevelOfTheEventsItSumsUp() {
        BridgeLog.limitRepeats(BridgeLog.REPEATS_IN_FULL); // the default, whatever a bridge started before set
        try (CapturedLog log = new CapturedLog()) {
            for (int i = 0; i < BridgeLog.REPEATS_IN_FULL + 5; i++) {
                BridgeLog.protocolViolation("FLOOD" + i, "/127.0.0.1:1", "test");
            }
            BridgeLog.summariseRepeats();

            assertThat(log.withId("TBR0024W")).hasSize(BridgeLog.REPEATS_IN_FULL);
            assertThat(log.withId("TBR0111W")).singleElement().asString()
                    .contains("5 more TBR0024W events").contains("FLOOD" + BridgeLog.REPEATS_IN_FULL);
        }
    }
}
