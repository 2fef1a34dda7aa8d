package org.telemetrybridge.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which MQTT client identifiers the bridge accepts. Under the default rule, {@link Mode#QMGR_NAME},
 * a client id is the name of a pseudo queue manager, so it must be one: the characters
 * {@code A-Z a-z 0-9 . / _ %}, 1 to 23 characters under MQTT 3.1 (that protocol's limit) and 1 to
 * {@code maxLength} (48, the MQ name limit) under 3.1.1. Under {@link Mode#MQTT} any id MQTT allows
 * is accepted; such a client cannot be addressed through the transmit queue. Under
 * {@link Mode#DERIVED} any id MQTT allows is accepted too, and one that is not a queue manager name is
 * given a derived one ({@link #derive}), by which MQ applications address it.
 */
public final class ClientIdRule {

    /** MQTT 3.1 allows at most 23 bytes of client identifier. */
    public static final int MQTT31_MAX_LENGTH = 23;

    /** The longest queue manager name IBM MQ allows. */
    public static final int QMGR_NAME_MAX_LENGTH = 48;

    public enum Mode { QMGR_NAME, MQTT, DERIVED }

    /** Hex digits of the client id's SHA-256 at the end of a derived name: 48 bits, so names do not collide by chance. */
    static final int DERIVED_HASH_DIGITS = 12;
    /** What a derived name keeps of the client id: the rest of the 48 characters after '.' and the hash digits. */
    static final int DERIVED_PREFIX_LENGTH = QMGR_NAME_MAX_LENGTH - 1 - DERIVED_HASH_DIGITS;

    private final Mode mode;
    private final int maxLength;

    public ClientIdRule(Mode mode, int maxLength) {
        if (maxLength < 1 || maxLength > QMGR_NAME_MAX_LENGTH) {
            throw new IllegalArgumentException("bridge.client-id.max-length must be 1.." + QMGR_NAME_MAX_LENGTH
                    + ", was " + maxLength);
        }
        this.mode = mode;
        this.maxLength = maxLength;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Checks a non-empty client identifier.
     *
     * @param protocolLevel 3 for MQTT 3.1, 4 for 3.1.1
     * @return null if the id is accepted, otherwise the reason in plain words
     */
    public String violation(String clientId, int protocolLevel) {
        if (mode == Mode.MQTT || mode == Mode.DERIVED) {
            int bytes = clientId.getBytes(StandardCharsets.UTF_8).length;
            if (protocolLevel == 3 && bytes > MQTT31_MAX_LENGTH) {
                return "it is " + bytes + " bytes long; MQTT 3.1 allows 1 to " + MQTT31_MAX_LENGTH;
            }
            return null;
        }
        String characters = characterViolation(clientId);
        if (characters != null) {
            return characters;
        }
        int limit = protocolLevel == 3 ? Math.min(MQTT31_MAX_LENGTH, maxLength) : maxLength;
        if (clientId.length() > limit) {
            return "it is " + clientId.length() + " characters long; " + (protocolLevel == 3 ? "MQTT 3.1" : "MQTT 3.1.1")
                    + " client identifiers here are 1 to " + limit + " characters"
                    + (protocolLevel == 3 ? "" : " (bridge.client-id.max-length)");
        }
        return null;
    }

    /**
     * The pseudo queue manager name MQ applications address the client by: the client id itself when
     * it is a queue manager name; under {@link Mode#DERIVED} a derived one otherwise; null when the
     * client cannot be addressed (rule {@link Mode#MQTT}).
     */
    public String queueManagerName(String clientId) {
        if (queueManagerNameViolation(clientId) == null) {
            return clientId;
        }
        return mode == Mode.DERIVED ? derive(clientId) : null;
    }

    /**
     * The pseudo queue manager name MQ reaches a client by, whatever the rule: its id where that is a
     * valid queue manager name, else the derived one ({@link #derive}).
     */
    public static String pseudoQueueManagerName(String clientId) {
        return queueManagerNameViolation(clientId) == null ? clientId : derive(clientId);
    }

    /**
     * A valid queue manager name for a client id that is not one, the same every time: the id's
     * characters that a name allows, others as '_', at most {@value #DERIVED_PREFIX_LENGTH} of them,
     * then '.' and the first {@value #DERIVED_HASH_DIGITS} hex digits of the SHA-256 of the whole id
     * (so that two ids alike in their first characters get different names). 48 characters at most.
     * E.g. {@code 550e8400-e29b-41d4-a716-446655440000} becomes
     * {@code 550e8400_e29b_41d4_a716_44665544000.} (35 characters) and 12 hex digits.
     */
    public static String derive(String clientId) {
        StringBuilder name = new StringBuilder();
        clientId.codePoints().limit(DERIVED_PREFIX_LENGTH)
                .forEach(c -> name.append(isQueueManagerNameCharacter(c) ? (char) c : '_'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(clientId.getBytes(StandardCharsets.UTF_8));
            return name.append('.').append(HexFormat.of().formatHex(hash), 0, DERIVED_HASH_DIGITS).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * Why a client id cannot be a queue manager name, or null if it can. Used under both rules: under
     * {@link Mode#MQTT} it tells the operator which clients cannot be addressed point to point.
     */
    public static String queueManagerNameViolation(String clientId) {
        String characters = characterViolation(clientId);
        if (characters != null) {
            return characters;
        }
        if (clientId.length() > QMGR_NAME_MAX_LENGTH) {
            return "it is " + clientId.length() + " characters long; a queue manager name has at most "
                    + QMGR_NAME_MAX_LENGTH;
        }
        return null;
    }

    private static String characterViolation(String clientId) {
        for (int i = 0; i < clientId.length(); ) {
            int c = clientId.codePointAt(i);
            if (!isQueueManagerNameCharacter(c)) {
                return "character " + describe(c) + " at position " + (i + 1)
                        + " is not allowed in a queue manager name (allowed: A-Z a-z 0-9 . / _ %)";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    static boolean isQueueManagerNameCharacter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '/' || c == '_' || c == '%';
    }

    private static String describe(int c) {
        String name = c == ' ' ? "space" : Character.isISOControl(c) ? "control character" : "'" + Character.toString(c) + "'";
        return name + String.format(" (U+%04X)", c);
    }
}
