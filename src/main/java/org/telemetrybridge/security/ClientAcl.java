package org.telemetrybridge.security;

import java.util.List;
import java.util.function.Predicate;

import org.telemetrybridge.topic.TopicFilter;

/**
 * The ACL rules of one client, with its patterns filled in: what it may publish and subscribe to.
 * Mosquitto's semantics: nothing is allowed that no rule grants, and a {@code deny} rule wins over
 * any grant. A PUBLISH needs a write rule matching its topic and no deny rule matching it. A SUBSCRIBE
 * is checked once, when it arrives (the bridge does not filter each delivery, as Mosquitto does): its
 * filter must lie wholly within one read rule, and no deny rule may overlap it.
 */
final class ClientAcl {

    private final String[] deny;
    private final String[] read;
    private final String[] write;

    ClientAcl(List<AclFile.Rule> rules) {
        deny = filters(rules, rule -> rule.access() == AclFile.Access.DENY);
        read = filters(rules, rule -> rule.access().reads());
        write = filters(rules, rule -> rule.access().writes());
    }

    private static String[] filters(List<AclFile.Rule> rules, Predicate<AclFile.Rule> which) {
        return rules.stream().filter(which).map(AclFile.Rule::filter).distinct().toArray(String[]::new);
    }

    boolean mayPublish(String topic) {
        for (String filter : deny) {
            if (TopicFilter.matches(filter, topic)) {
                return false;
            }
        }
        for (String filter : write) {
            if (TopicFilter.matches(filter, topic)) {
                return true;
            }
        }
        return false;
    }

    boolean maySubscribe(String filter) {
        for (String denied : deny) {
            if (FilterRelations.overlap(denied, filter)) {
                return false;
            }
        }
        for (String granted : read) {
            if (FilterRelations.covers(granted, filter)) {
                return true;
            }
        }
        return false;
    }
}
