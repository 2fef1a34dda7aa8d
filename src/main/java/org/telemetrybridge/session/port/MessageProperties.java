package org.telemetrybridge.session.port;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The MQTT 5 properties of an application message, carried from the PUBLISH that brought it to the
 * PUBLISH that delivers it, and mapped onto the backend's message (JMS properties) on the way.
 * {@link #NONE} for MQTT 3.1.1 and for messages without them.
 *
 * @param expiresAt       when the message expires, epoch milliseconds (Message Expiry Interval, JMS
 *                        expiration); 0 never
 * @param contentType     Content Type, or null
 * @param utf8            Payload Format Indicator 1: the payload is UTF-8 text
 * @param responseTopic   Response Topic, or null
 * @param correlationData Correlation Data, or null
 * @param userProperties  User Properties in their order; a name may appear more than once
 */
public record MessageProperties(long expiresAt, String contentType, boolean utf8, String responseTopic,
                                byte[] correlationData, List<UserProperty> userProperties) {

    /** One User Property: a name and a value, both UTF-8 strings. */
    public record UserProperty(String name, String value) {
    }

    public static final MessageProperties NONE = new MessageProperties(0, null, false, null, null, List.of());

    public MessageProperties {
        userProperties = List.copyOf(userProperties);
    }

    /** Whether the message carries no property at all. */
    public boolean isEmpty() {
        return expiresAt == 0 && contentType == null && !utf8 && responseTopic == null && correlationData == null
                && userProperties.isEmpty();
    }

    /** Whether the message expired by {@code nowMillis}: it is then not delivered. */
    public boolean expired(long nowMillis) {
        return expiresAt != 0 && nowMillis >= expiresAt;
    }

    /** Seconds the message has left at {@code nowMillis}, rounded up: the Message Expiry Interval to send on. */
    public long secondsLeft(long nowMillis) {
        return Math.max(1, (expiresAt - nowMillis + 999) / 1000);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageProperties that && expiresAt == that.expiresAt && utf8 == that.utf8
                && Objects.equals(contentType, that.contentType) && Objects.equals(responseTopic, that.responseTopic)
                && Arrays.equals(correlationData, that.correlationData) && userProperties.equals(that.userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expiresAt, contentType, utf8, responseTopic, Arrays.hashCode(correlationData),
                userProperties);
    }

    @Override
    public String toString() {
        return "MessageProperties[expiresAt=" + expiresAt + ", contentType=" + contentType + ", utf8=" + utf8
                + ", responseTopic=" + responseTopic + ", correlationData="
                + (correlationData == null ? null : correlationData.length + " bytes") + ", userProperties="
                + userProperties + "]";
    }
}
