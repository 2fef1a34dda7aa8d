package org.telemetrybridge.topic;

import java.nio.charset.StandardCharsets;

/** The rules for the topic name of a PUBLISH (MQTT 3.1.1 section 4.7). */
public final class TopicName {

    public static final int MAX_BYTES = 65_535;

    private TopicName() {
    }

    /** @return null if the topic name is valid, otherwise the reason in plain words */
    public static String violation(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "a topic name must be at least one character long";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return "wildcard '" + c + "' at position " + (i + 1) + " is not allowed in a topic name";
            }
            if (c == 0) {
                return "the null character (U+0000) at position " + (i + 1) + " is not allowed";
            }
        }
        return lengthViolation(topic);
    }

    /** Whether a topic name or filter is longer than MQTT's 65,535 bytes of UTF-8; null if not. */
    static String lengthViolation(String topic) {
        if (topic.length() <= MAX_BYTES / 3) {
            return null; // a UTF-16 char is at most 3 bytes of UTF-8: no need to encode it
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "it is " + bytes + " bytes long; at most " + MAX_BYTES + " are allowed";
        }
        return null;
    }
}
