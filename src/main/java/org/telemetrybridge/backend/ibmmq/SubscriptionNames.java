package org.telemetrybridge.backend.ibmmq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Durable subscription names on IBM MQ. MQ Telemetry named a client's subscription
 * {@code ClientIdentifier:TopicFilter}, and so does the bridge, so administrators find them as
 * before ({@code DISPLAY SBSTATUS(*) WHERE(SUBID ...)}, {@code DISPLAY SUB('<ClientIdentifier>:*')}).
 *
 * <p>Limit: an MQ subscription name (SUBNAME) is at most 10,240 bytes, and MQ classes for JMS store
 * a JMS subscription under {@code JMS:<qmgr>:<client id>:<name>}, which adds up to 4 + 48 + 1 + 1
 * bytes (the bridge sets no JMS client id). A topic filter may be longer than that (MQTT allows
 * 65,535 bytes), and very long names make MQSC output unreadable, so a name longer than
 * {@value #MAX_BYTES} bytes in UTF-8 keeps its first part and ends with {@code #} and a SHA-256 of
 * the whole filter. No valid MQTT filter contains {@code #} followed by other characters, so a
 * hashed name never equals the plain name of another filter.
 */
public final class SubscriptionNames {

    /** Longest name kept readable; well inside MQ's 10,240 bytes with the JMS prefix. */
    public static final int MAX_BYTES = 1024;
    private static final int HASH_HEX_CHARS = 64;

    private SubscriptionNames() {
    }

    public static String durable(String clientId, String filter) {
        String plain = clientId + ":" + filter;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return plain;
        }
        String suffix = "#" + sha256(filter);
        String prefix = truncateUtf8(plain, MAX_BYTES - suffix.length());
        return prefix + suffix;
    }

    public static boolean hashed(String name, String clientId, String filter) {
        return !name.equals(clientId + ":" + filter);
    }

    /** The longest start of the text that fits in the given number of UTF-8 bytes, never splitting a character. */
    static String truncateUtf8(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
