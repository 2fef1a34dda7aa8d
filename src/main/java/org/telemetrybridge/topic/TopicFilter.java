package org.telemetrybridge.topic;

/**
 * Topic filters of SUBSCRIBE: their rules (MQTT 3.1.1 section 4.7) and matching. The same filter is
 * the MQ topic string of the subscription, since MQ topic wildcards also use {@code +} and {@code #}.
 */
public final class TopicFilter {

    private TopicFilter() {
    }

    /** @return null if the filter is valid, otherwise the reason in plain words */
    public static String violation(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "a topic filter must be at least one character long";
        }
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
            boolean levelEnd = i == filter.length() - 1 || filter.charAt(i + 1) == '/';
            if (c == '#' && !(levelStart && i == filter.length() - 1)) {
                return "'#' at position " + (i + 1) + " must be the last character and stand alone in its level";
            }
            if (c == '+' && !(levelStart && levelEnd)) {
                return "'+' at position " + (i + 1) + " must stand alone in its level";
            }
            if (c == 0) {
                return "the null character (U+0000) at position " + (i + 1) + " is not allowed";
            }
        }
        return TopicName.lengthViolation(filter);
    }

    public static boolean isWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * Whether a valid filter matches a topic name. {@code +} matches one level (also an empty one),
     * {@code #} the parent level and any number of levels below it, and a filter starting with a
     * wildcard does not match topics starting with {@code $} [MQTT-4.7.2-1].
     */
    public static boolean matches(String filter, String topic) {
        int fl = filter.length();
        int tl = topic.length();
        if (tl > 0 && topic.charAt(0) == '$' && fl > 0 && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int f = 0;
        int t = 0;
        while (f < fl) {
            char c = filter.charAt(f);
            if (c == '#') {
                return true;
            }
            if (c == '+') {
                while (t < tl && topic.charAt(t) != '/') {
                    t++;
                }
                f++;
            } else {
                while (f < fl && filter.charAt(f) != '/') {
                    if (t >= tl || topic.charAt(t) != filter.charAt(f)) {
                        return false;
                    }
                    f++;
                    t++;
                }
                if (t < tl && topic.charAt(t) != '/') {
                    return false;
                }
            }
            // Both now stand at a level separator or at their end.
            if (f == fl) {
                return t == tl;
            }
            if (t == tl) {
                // "a/#" also matches "a": the rest of the filter must be exactly "/#".
                return fl - f == 2 && filter.charAt(f + 1) == '#';
            }
            f++;
            t++;
        }
        return t == tl;
    }
}
