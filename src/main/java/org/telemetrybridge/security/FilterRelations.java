package org.telemetrybridge.security;

/**
 * How two topic filters relate, for checking a SUBSCRIBE against ACL rules: whether every topic one
 * filter matches is matched by the other ({@link #covers}), and whether any topic is matched by both
 * ({@link #overlap}). Both keep MQTT's rule that a filter starting with a wildcard matches no topic
 * starting with {@code $} [MQTT-4.7.2-1]. Filters are valid ones (the edge checks them first).
 */
final class FilterRelations {

    private FilterRelations() {
    }

    /** Whether every topic the filter matches is also matched by the rule's filter. */
    static boolean covers(String rule, String filter) {
        String[] r = rule.split("/", -1);
        String[] f = filter.split("/", -1);
        if (r[0].equals("+") || r[0].equals("#")) {
            // The rule matches no $ topic; the filter must not match one either.
            if (f[0].startsWith("$")) {
                return false;
            }
        }
        for (int i = 0; ; i++) {
            if (i < r.length && r[i].equals("#")) {
                return true;
            }
            if (i == r.length || i == f.length) {
                return i == r.length && i == f.length;
            }
            if (f[i].equals("#")) {
                // A '#' standing alone matches every topic of one level or more, and so does "+/#".
                return i == 0 && r.length == 2 && r[0].equals("+") && r[1].equals("#");
            }
            if (!r[i].equals("+") && (f[i].equals("+") || !r[i].equals(f[i]))) {
                return false;
            }
        }
    }

    /** Whether some topic is matched by both filters. */
    static boolean overlap(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        if (dollarExcluded(x[0], y[0]) || dollarExcluded(y[0], x[0])) {
            return false;
        }
        for (int i = 0; ; i++) {
            boolean xEnded = i == x.length;
            boolean yEnded = i == y.length;
            if (!xEnded && x[i].equals("#") || !yEnded && y[i].equals("#")) {
                return true;
            }
            if (xEnded || yEnded) {
                // "a/#" also matches "a": covered above, since '#' would stand at this level.
                return xEnded && yEnded;
            }
            if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
                return false;
            }
        }
    }

    /** A first level that is a wildcard meets no topic whose first level is a literal starting with $. */
    private static boolean dollarExcluded(String first, String other) {
        return (first.equals("+") || first.equals("#")) && other.startsWith("$");
    }
}
