package org.telemetrybridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.telemetrybridge.topic.TopicFilter;

/**
 * Mosquitto's acl_file semantics (mosquitto.conf(5)): nothing allowed that no rule grants, deny before
 * grant, anonymous rules before the first user line, patterns with %u/%c for everyone; plus the
 * bridge's client-id sections and its SUBSCRIBE rule (the filter within a read rule, no deny overlapping).
 */
class AclFileTest {

    private static final AclFile ACL = parse("""
            # anonymous clients
            topic read public/#
            topic write public/anon

            user alice
            topic readwrite sensors/#
            topic deny sensors/secret
            topic write commands/+/ack
            user bob
            topic read sensors/+/temp
            topic $SYS/#

            clientid gw-*
            topic write gateways/#

            pattern readwrite devices/%c/#
            pattern write users/%u/out
            pattern read level/%u%c/x
            """);

    private static AclFile parse(String text) {
        try {
            return AclFile.parse(text.lines().toList());
        } catch (SecurityFileException e) {
            throw new AssertionError(e.where(), e);
        }
    }

    @Test
    void publishNeedsAMatchingWriteRuleAndNoDenyRule() {
        ClientAcl alice = ACL.forClient("c1", "alice");
        assertThat(alice.mayPublish("sensors/a/temp")).isTrue();
        assertThat(alice.mayPublish("sensors")).as("'#' also matches the parent level").isTrue();
        assertThat(alice.mayPublish("sensors/secret")).as("deny wins").isFalse();
        assertThat(alice.mayPublish("commands/valve/ack")).isTrue();
        assertThat(alice.mayPublish("commands/valve/set")).isFalse();
        assertThat(alice.mayPublish("public/anon")).as("anonymous rules are not the user's").isFalse();

        ClientAcl bob = ACL.forClient("c2", "bob");
        assertThat(bob.mayPublish("sensors/a/temp")).as("read only").isFalse();
        assertThat(bob.mayPublish("$SYS/broker/x")).isTrue();
        assertThat(ACL.forClient("c3", "carol").mayPublish("sensors/a/temp")).as("a user without rules").isFalse();
    }

    @Test
    void rulesBeforeTheFirstUserLineAreTheAnonymousClientsRules() {
        ClientAcl anonymous = ACL.forClient("c4", null);
        assertThat(anonymous.mayPublish("public/anon")).isTrue();
        assertThat(anonymous.maySubscribe("public/#")).isTrue();
        assertThat(anonymous.mayPublish("public/other")).isFalse();
        assertThat(anonymous.mayPublish("users/null/out")).as("%u never matches an anonymous client").isFalse();
    }

    @Test
    void subscribeNeedsTheFilterWithinOneReadRuleAndNoDenyRuleOverlapping() {
        ClientAcl alice = ACL.forClient("c1", "alice");
        assertThat(alice.maySubscribe("sensors/+/temp")).isTrue();
        assertThat(alice.maySubscribe("sensors/a/#")).isTrue();
        assertThat(alice.maySubscribe("sensors/#")).as("would deliver sensors/secret").isFalse();
        assertThat(alice.maySubscribe("sensors/+")).as("would deliver sensors/secret").isFalse();
        assertThat(alice.maySubscribe("commands/valve/ack")).as("write only").isFalse();
        assertThat(alice.maySubscribe("#")).isFalse();

        ClientAcl bob = ACL.forClient("c2", "bob");
        assertThat(bob.maySubscribe("sensors/hall/temp")).isTrue();
        assertThat(bob.maySubscribe("sensors/+/temp")).isTrue();
        assertThat(bob.maySubscribe("sensors/#")).as("wider than the rule").isFalse();
        assertThat(bob.maySubscribe("sensors/+/+")).isFalse();
        assertThat(bob.maySubscribe("$SYS/#")).isTrue();
    }

    @Test
    void patternsFillInTheClientIdAndUserAsWholeLevels() {
        ClientAcl device = ACL.forClient("pump-1", "alice");
        assertThat(device.mayPublish("devices/pump-1/status")).isTrue();
        assertThat(device.maySubscribe("devices/pump-1/#")).isTrue();
        assertThat(device.mayPublish("devices/pump-2/status")).isFalse();
        assertThat(device.mayPublish("users/alice/out")).isTrue();
        assertThat(device.mayPublish("users/bob/out")).isFalse();
        assertThat(device.maySubscribe("level/alicepump-1/x")).as("only whole levels are substituted").isFalse();
        assertThat(device.maySubscribe("level/%u%c/x")).isTrue();
    }

    @Test
    void aValueThatWouldWidenAPatternLeavesItOut() {
        assertThat(ACL.forClient("#", "eve").mayPublish("devices/#/x")).isFalse();
        assertThat(ACL.forClient("c5", "a/b").mayPublish("users/a/b/out")).isFalse();
        assertThat(ACL.forClient("c5", "+").mayPublish("users/x/out")).isFalse();
        assertThat(ACL.forClient("c5", "+").mayPublish("users/+/out")).isFalse();
    }

    @Test
    void clientIdSectionsApplyToMatchingClientIdsWhateverTheUser() {
        assertThat(ACL.forClient("gw-hall3", null).mayPublish("gateways/hall3/up")).isTrue();
        assertThat(ACL.forClient("gw-hall3", "bob").mayPublish("gateways/hall3/up")).isTrue();
        assertThat(ACL.forClient("gw", "bob").mayPublish("gateways/hall3/up")).isFalse();
        assertThat(ACL.forClient("my-gw-1", "bob").mayPublish("gateways/hall3/up")).isFalse();
    }

    @Test
    void wildcardRulesDoNotReachDollarTopics() {
        AclFile all = parse("topic readwrite #\ntopic +/x");
        ClientAcl anonymous = all.forClient("c", null);
        assertThat(anonymous.mayPublish("a/b")).isTrue();
        assertThat(anonymous.mayPublish("$SYS/x")).isFalse();
        assertThat(anonymous.maySubscribe("$SYS/#")).isFalse();
        assertThat(anonymous.maySubscribe("#")).isTrue();
    }

    @Test
    void theAccessWordMayBeLeftOutAndTheFilterMayHoldSpaces() {
        ClientAcl client = parse("topic rooms/living room/temp\ntopic read a b").forClient("c", null);
        assertThat(client.mayPublish("rooms/living room/temp")).isTrue();
        assertThat(client.maySubscribe("rooms/living room/temp")).isTrue();
        assertThat(client.maySubscribe("a b")).isTrue();
    }

    @Test
    void aBadLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> AclFile.parse(List.of("topic a", "", "topc b")))
                .isInstanceOf(SecurityFileException.class).hasMessageContaining("unknown keyword 'topc'")
                .satisfies(e -> assertThat(((SecurityFileException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> AclFile.parse(List.of("topic read a/#/b")))
                .hasMessageContaining("not a topic filter");
        assertThatThrownBy(() -> AclFile.parse(List.of("topic read"))).hasMessageContaining("needs a topic filter");
        assertThatThrownBy(() -> AclFile.parse(List.of("user"))).hasMessageContaining("needs a user name");
    }

    /**
     * Differential check of covers/overlap against TopicFilter.matches, on every filter of up to three
     * levels over {a, $s, +, #} and every topic of up to four levels over {a, b, $s, empty}: topics one
     * level deeper than any filter stand for all deeper ones.
     */
    @Test
    void relationsAgreeWithMatchingOnEveryTopicOfASmallSpace() {
        List<String> filters = combinations(List.of("a", "$s", "+", "#"), 3).stream()
                .filter(f -> TopicFilter.violation(f) == null && !f.substring(1).contains("$")).toList();
        List<String> topics = combinations(List.of("a", "b", "$s", ""), 4).stream()
                .filter(t -> !t.isEmpty() && !t.substring(1).contains("$")).toList();
        for (String a : filters) {
            for (String b : filters) {
                boolean covered = topics.stream().noneMatch(t -> TopicFilter.matches(b, t) && !TopicFilter.matches(a, t));
                boolean overlapping = topics.stream().anyMatch(t -> TopicFilter.matches(a, t) && TopicFilter.matches(b, t));
                assertThat(FilterRelations.covers(a, b)).as("covers(%s, %s)", a, b).isEqualTo(covered);
                assertThat(FilterRelations.overlap(a, b)).as("overlap(%s, %s)", a, b).isEqualTo(overlapping);
            }
        }
    }

    private static List<String> combinations(List<String> levels, int maxDepth) {
        List<String> result = new java.util.ArrayList<>(levels);
        List<String> previous = levels;
        for (int depth = 2; depth <= maxDepth; depth++) {
            List<String> next = previous.stream().flatMap(p -> levels.stream().map(l -> p + "/" + l)).toList();
            result.addAll(next);
            previous = next;
        }
        return result;
    }

    @Test
    void filterRelations() {
        assertThat(FilterRelations.covers("a/#", "a")).isTrue();
        assertThat(FilterRelations.covers("a/+", "a")).isFalse();
        assertThat(FilterRelations.covers("a/+/c", "a/b/c")).isTrue();
        assertThat(FilterRelations.covers("a/b/c", "a/+/c")).isFalse();
        assertThat(FilterRelations.covers("+/+", "a/+")).isTrue();
        assertThat(FilterRelations.covers("a/+/#", "a/#")).isFalse();
        assertThat(FilterRelations.overlap("a/+", "+/b")).isTrue();
        assertThat(FilterRelations.overlap("a/b", "a/c")).isFalse();
        assertThat(FilterRelations.overlap("a/#", "a")).isTrue();
        assertThat(FilterRelations.overlap("a/+", "a")).isFalse();
        assertThat(FilterRelations.overlap("a/b/c", "a/+")).isFalse();
        assertThat(FilterRelations.overlap("+/x", "$SYS/x")).isFalse();
        assertThat(FilterRelations.overlap("$SYS/#", "$SYS/x")).isTrue();
    }
}
