package org.telemetrybridge.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TopicTreeTest {

    private static Set<String> matches(TopicTree<String> tree, String topic) {
        Set<String> found = new HashSet<>();
        tree.match(topic, found::add);
        return found;
    }

    @Test
    void findsExactAndWildcardFilters() {
        TopicTree<String> tree = new TopicTree<>();
        for (String filter : List.of("a/b", "a/+", "a/#", "#", "+/b", "a/b/c", "$SYS/#", "+")) {
            tree.add(filter, filter);
        }
        assertThat(matches(tree, "a/b")).containsExactlyInAnyOrder("a/b", "a/+", "a/#", "#", "+/b");
        assertThat(matches(tree, "a")).containsExactlyInAnyOrder("a/#", "#", "+");
        assertThat(matches(tree, "$SYS/x")).containsExactlyInAnyOrder("$SYS/#");
        assertThat(matches(tree, "a/b/c")).containsExactlyInAnyOrder("a/#", "#", "a/b/c");
        tree.remove("a/#", "a/#");
        tree.remove("a/b", "a/b");
        assertThat(matches(tree, "a/b")).containsExactlyInAnyOrder("a/+", "#", "+/b");
    }

    /** Random filters and topics: the tree finds exactly the filters TopicFilter.matches accepts. */
    @Test
    void agreesWithTopicFilterMatching() {
        Random random = new Random(7);
        String[] levels = {"", "a", "b", "$x", "+", "#"};
        List<String> filters = new ArrayList<>();
        TopicTree<String> tree = new TopicTree<>();
        for (int i = 0; i < 300; i++) {
            String filter = path(random, levels);
            if (TopicFilter.violation(filter) == null && !filters.contains(filter)) {
                filters.add(filter);
                tree.add(filter, filter);
            }
        }
        for (int i = 0; i < 5_000; i++) {
            String topic = path(random, new String[] {"", "a", "b", "$x"});
            Set<String> expected = new HashSet<>();
            for (String filter : filters) {
                if (TopicFilter.matches(filter, topic)) {
                    expected.add(filter);
                }
            }
            assertThat(matches(tree, topic)).as(topic).isEqualTo(expected);
        }
    }

    /**
     * Many clients subscribe and leave (issue 11, defect 5): the tree shrinks back to its root, and
     * while half the filters are gone it still matches exactly what the remaining ones match.
     */
    @Test
    void churnOfManyClientsShrinksTheTreeBackToItsRoot() {
        Random random = new Random(11);
        String[] levels = {"", "a", "b", "+", "#", "dev"};
        TopicTree<String> tree = new TopicTree<>();
        List<String[]> added = new ArrayList<>();
        for (int client = 0; client < 2_000; client++) {
            String filter = path(random, levels) + "/c" + client;
            if (TopicFilter.violation(filter) != null) {
                filter = "dev/c" + client + "/#";
            }
            String value = "client" + client;
            tree.add(filter, value);
            added.add(new String[] {filter, value});
        }
        int grown = tree.nodeCount();
        assertThat(grown).isGreaterThan(2_000);

        List<String[]> kept = new ArrayList<>();
        for (int i = 0; i < added.size(); i++) {
            if (i % 2 == 0) {
                tree.remove(added.get(i)[0], added.get(i)[1]);
            } else {
                kept.add(added.get(i));
            }
        }
        for (int i = 0; i < 2_000; i++) {
            String topic = path(random, new String[] {"", "a", "b", "dev"}) + "/c" + random.nextInt(2_000);
            Set<String> expected = new HashSet<>();
            for (String[] each : kept) {
                if (TopicFilter.matches(each[0], topic)) {
                    expected.add(each[1]);
                }
            }
            assertThat(matches(tree, topic)).as(topic).isEqualTo(expected);
        }

        kept.forEach(each -> tree.remove(each[0], each[1]));
        assertThat(tree.nodeCount()).as("only the root is left").isEqualTo(1);
        assertThat(tree.isEmpty()).isTrue();
    }

    private static String path(Random random, String[] levels) {
        int count = 1 + random.nextInt(4);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(levels[random.nextInt(levels.length)]);
        }
        return path.toString();
    }
}
