package org.telemetrybridge.topic;

import java.nio.charset.StandardCharsets;

/**
 * A shared subscription's topic filter, {@code $share/<ShareName>/<filter>} (MQTT 5 section 4.8.2):
 * each matching message goes to one of the group's members. The whole string is also the name of the
 * group's JMS shared subscription, which is why its length is bounded beyond MQTT's own rules.
 *
 * @param group  the ShareName
 * @param filter the topic filter the group subscribes to
 */
public record SharedFilter(String group, String filter) {

    /** What every shared subscription's filter starts with [MQTT-4.8.2-1]. */
    public static final String PREFIX = "$share/";

    /**
     * The longest shared filter, in UTF-8 bytes: it is the JMS subscription name, and IBM MQ keeps a JMS
     * subscription under {@code JMS:<qmgr>:<client id>:<name>} within its 10,240-byte SUBNAME; longer
     * names would also make MQSC output unreadable. The same bound as the bridge's durable names.
     */
    public static final int MAX_BYTES = 1024;

    /** Whether a filter asks for a shared subscription (well formed or not). */
    public static boolean isShared(String filter) {
        return filter.startsWith(PREFIX);
    }

    /** The parts of a well-formed shared filter; call {@link #violation} first. */
    public static SharedFilter parse(String shared) {
        int slash = shared.indexOf('/', PREFIX.length());
        return new SharedFilter(shared.substring(PREFIX.length(), slash), shared.substring(slash + 1));
    }

    /**
     * Why a filter starting with {@value #PREFIX} is not a well-formed shared subscription, or null if it
     * is. The filter part must itself be a valid filter ({@link TopicFilter#violation}).
     */
    public static String violation(String shared) {
        int slash = shared.indexOf('/', PREFIX.length());
        String group = slash < 0 ? shared.substring(PREFIX.length()) : shared.substring(PREFIX.length(), slash);
        if (group.isEmpty()) {
            return "the ShareName must be at least one character long [MQTT-4.8.2-1]";
        }
        if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
            return "the ShareName must not contain '+' or '#' [MQTT-4.8.2-2]";
        }
        if (slash < 0 || slash == shared.length() - 1) {
            return "the ShareName must be followed by '/' and a topic filter [MQTT-4.8.2-2]";
        }
        if (shared.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "a shared subscription may be at most " + MAX_BYTES
                    + " bytes long here, since it names the JMS shared subscription";
        }
        String filterViolation = TopicFilter.violation(shared.substring(slash + 1));
        return filterViolation == null ? null : "its topic filter is invalid: " + filterViolation;
    }

    /** The full {@code $share/<group>/<filter>} string: also the JMS shared subscription's name. */
    @Override
    public String toString() {
        return PREFIX + group + "/" + filter;
    }
}
