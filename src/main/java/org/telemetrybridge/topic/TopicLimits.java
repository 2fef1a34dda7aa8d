package org.telemetrybridge.topic;

import java.nio.charset.StandardCharsets;

/**
 * How long and how deep a topic name or filter may be, checked before anything reaches a backend.
 * MQTT allows 65,535 bytes, but a backend may hold less (IBM MQ's topic strings stop at 10,240
 * bytes) and may walk topic levels recursively (the embedded Artemis broker overflows its stack on
 * filters of about 10,000 levels, and then cannot load its journal again).
 *
 * @param maxBytes  the longest topic name or filter, in bytes of UTF-8
 * @param maxLevels the most levels (parts between {@code /}) a topic name or filter may have
 */
public record TopicLimits(int maxBytes, int maxLevels) {

    /** IBM MQ's limit for a topic string (MQ_TOPIC_STR_LENGTH). */
    public static final int DEFAULT_MAX_BYTES = 10_240;
    /** Far above any real topic scheme (AWS IoT allows 8 levels) and far below what Artemis survives. */
    public static final int DEFAULT_MAX_LEVELS = 100;

    /**
     * The most levels the setting may allow: the embedded broker, measured with 1 MB thread stacks,
     * still works at 8,000 levels and overflows its stack at 12,000.
     */
    public static final int MAX_LEVELS_CEILING = 1000;

    public static final TopicLimits DEFAULTS = new TopicLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_LEVELS);

    public TopicLimits {
        if (maxBytes < 1 || maxBytes > TopicName.MAX_BYTES) {
            throw new IllegalArgumentException("max topic length must be 1.." + TopicName.MAX_BYTES + ", was " + maxBytes);
        }
        if (maxLevels < 1 || maxLevels > MAX_LEVELS_CEILING) {
            throw new IllegalArgumentException("max topic levels must be 1.." + MAX_LEVELS_CEILING + ", was " + maxLevels);
        }
    }

    /**
     * The same limits hold for topic names and filters: a filter names the topics it may match.
     *
     * @return null if the topic name or filter is within the limits, otherwise the reason in plain words
     */
    public String violation(String topic) {
        if (topic == null) {
            return null; // the MQTT rules refuse it
        }
        int levels = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/' && ++levels > maxLevels) {
                return "it has more than " + maxLevels + " levels (bridge.topic.max-levels)";
            }
        }
        if (topic.length() > maxBytes / 3) { // a UTF-16 char is at most 3 bytes of UTF-8: no need to encode shorter ones
            int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                return "it is " + bytes + " bytes long; at most " + maxBytes + " are allowed (bridge.topic.max-length)";
            }
        }
        return null;
    }
}
