package org.telemetrybridge.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sport/tennis/player1/# | sport/tennis/player1             | true",
            "sport/tennis/player1/# | sport/tennis/player1/ranking     | true",
            "sport/tennis/player1/# | sport/tennis/player1/score/wimbledon | true",
            "sport/#                | sport                            | true",
            "#                      | anything/at/all                  | true",
            "sport/tennis/+         | sport/tennis/player1             | true",
            "sport/tennis/+         | sport/tennis/player1/ranking     | false",
            "sport/+                | sport                            | false",
            "sport/+                | sport/                           | true",
            "+/+                    | /finance                         | true",
            "/+                     | /finance                         | true",
            "+                      | /finance                         | false",
            "+/tennis/#             | sport/tennis/x                   | true",
            "a/b                    | a/b                              | true",
            "a/b                    | a/bc                             | false",
            "a/bc                   | a/b                              | false",
            "a//c                   | a//c                             | true",
            "a/+/c                  | a//c                             | true",
            "#                      | $SYS/uptime                      | false",
            "+/uptime               | $SYS/uptime                      | false",
            "$SYS/#                 | $SYS/uptime                      | true",
            "$SYS/+                 | $SYS/uptime                      | true",
    })
    void matchesAsTheSpecificationSays(String filter, String topic, boolean matches) {
        assertThat(TopicFilter.matches(filter, topic)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a/#/b   | must be the last character",
            "a#      | must be the last character",
            "a/b#    | must be the last character",
            "a+      | must stand alone",
            "a/+b    | must stand alone",
            "''      | at least one character",
    })
    void invalidFiltersAreRejectedWithAReason(String filter, String reason) {
        assertThat(TopicFilter.violation(filter)).contains(reason);
    }

    @Test
    void validFiltersPass() {
        for (String filter : new String[] {"#", "+", "a/+/#", "+/+", "/", "a//b", "$SYS/#", "sport/tennis/+"}) {
            assertThat(TopicFilter.violation(filter)).as(filter).isNull();
        }
    }

    @Test
    void topicNamesRejectWildcardsAndNul() {
        assertThat(TopicName.violation("a/+/b")).contains("wildcard '+'");
        assertThat(TopicName.violation("a/#")).contains("wildcard '#'");
        assertThat(TopicName.violation("a\u0000b")).contains("null character");
        assertThat(TopicName.violation("")).contains("at least one");
        assertThat(TopicName.violation("x".repeat(65_536))).contains("65536 bytes");
        assertThat(TopicName.violation("a b/ü/$x")).isNull();
    }

    /** Random filters and topics from a small alphabet, against a regular-expression reading of the rules. */
    @Test
    void agreesWithAReferenceMatcherOnRandomFiltersAndTopics() {
        Random random = new Random(20261126);
        String[] levels = {"", "a", "b", "ab", "$x"};
        for (int i = 0; i < 50_000; i++) {
            String topic = randomPath(random, levels, false);
            String filter = randomPath(random, levels, true);
            if (TopicFilter.violation(filter) != null) {
                continue;
            }
            assertThat(TopicFilter.matches(filter, topic)).as("%s matches %s", filter, topic)
                    .isEqualTo(reference(filter, topic));
        }
    }

    private static String randomPath(Random random, String[] levels, boolean wildcards) {
        int count = 1 + random.nextInt(4);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                path.append('/');
            }
            int pick = random.nextInt(levels.length + (wildcards ? 2 : 0));
            if (pick < levels.length) {
                path.append(levels[pick]);
            } else if (pick == levels.length) {
                path.append('+');
            } else {
                path.append('#');
                break;
            }
        }
        return path.toString();
    }

    private static boolean reference(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = filter.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals("#")) {
                // "#" matches the parent level too, so the separator before it is optional.
                if (i > 0) {
                    regex.setLength(regex.length() - 1);
                    regex.append("(/.*)?");
                } else {
                    regex.append(".*");
                }
                break;
            }
            regex.append(part.equals("+") ? "[^/]*" : Pattern.quote(part));
            if (i < parts.length - 1) {
                regex.append('/');
            }
        }
        return Pattern.matches(regex.toString(), topic);
    }
}
