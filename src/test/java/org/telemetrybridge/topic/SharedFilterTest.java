package org.telemetrybridge.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The form of {@code $share/<ShareName>/<filter>} (MQTT 5 section 4.8.2) and its bound as a JMS name. */
class SharedFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$share/consumer1/sport/tennis/+ | consumer1 | sport/tennis/+",
            "$share/consumer1//finance       | consumer1 | /finance",
            "$share/g/#                      | g         | #",
            "$share/g/$share/h/x             | g         | $share/h/x"})
    void wellFormedOnesSplitAtTheFirstSlashAfterTheShareName(String shared, String group, String filter) {
        assertThat(SharedFilter.violation(shared)).isNull();
        assertThat(SharedFilter.parse(shared)).isEqualTo(new SharedFilter(group, filter));
        assertThat(SharedFilter.parse(shared).toString()).isEqualTo(shared);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$share//x       | [MQTT-4.8.2-1]",
            "$share/         | [MQTT-4.8.2-1]",
            "$share/a+/x     | [MQTT-4.8.2-2]",
            "$share/#/x      | [MQTT-4.8.2-2]",
            "$share/g        | [MQTT-4.8.2-2]",
            "$share/g/       | [MQTT-4.8.2-2]",
            "$share/g/a#     | its topic filter is invalid"})
    void malformedOnesSayWhy(String shared, String why) {
        assertThat(SharedFilter.violation(shared)).contains(why);
    }

    @Test
    void theWholeStringIsBoundedSinceItNamesTheJmsSubscription() {
        String fits = "$share/g/" + "a".repeat(SharedFilter.MAX_BYTES - "$share/g/".length());
        assertThat(SharedFilter.violation(fits)).isNull();
        assertThat(SharedFilter.violation(fits + "a")).contains(SharedFilter.MAX_BYTES + " bytes");
        // Counted in UTF-8 bytes, not characters.
        String wide = "$share/g/" + "é".repeat(SharedFilter.MAX_BYTES / 2);
        assertThat(SharedFilter.violation(wide)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share", "$sharex/g/x", "share/g/x", "a/$share/g/x"})
    void onlyTheSharePrefixMakesASharedSubscription(String filter) {
        assertThat(SharedFilter.isShared(filter)).isFalse();
    }
}
