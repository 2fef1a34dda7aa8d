package org.telemetrybridge.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * With structured logging on ({@code logging.structured.format.console=ecs}, {@code logstash} or
 * {@code gelf}), gives each of the bridge's messages its message id as a field of its own,
 * {@code message_id} (e.g. {@code "TBR0016I"}), so that a log pipeline can count and alert on ids
 * without parsing text. Registered in META-INF/spring.factories.
 */
public final class MessageIdJsonMember implements StructuredLoggingJsonMembersCustomizer<ILoggingEvent> {

    /** The field's name. */
    public static final String FIELD = "message_id";

    private static final Pattern MESSAGE_ID = Pattern.compile("^(TBR\\d{4}[IWE]) ");

    @Override
    public void customize(JsonWriter.Members<ILoggingEvent> members) {
        members.add(FIELD, event -> messageId(event.getFormattedMessage())).whenNotNull();
    }

    /** The id a message starts with, or null for a message that is not one of the bridge's. */
    static String messageId(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = MESSAGE_ID.matcher(message);
        return matcher.find() ? matcher.group(1) : null;
    }
}
