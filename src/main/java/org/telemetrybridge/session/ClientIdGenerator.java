package org.telemetrybridge.session;

import java.security.SecureRandom;

/**
 * Makes client identifiers for clients that connect with an empty one and a clean session. The
 * generated id is itself a valid queue manager name and fits MQTT 3.1's 23 characters.
 */
public final class ClientIdGenerator {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String PREFIX = "TB_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientIdGenerator() {
    }

    public static String generate() {
        StringBuilder id = new StringBuilder(ClientIdRule.MQTT31_MAX_LENGTH).append(PREFIX);
        while (id.length() < ClientIdRule.MQTT31_MAX_LENGTH) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
