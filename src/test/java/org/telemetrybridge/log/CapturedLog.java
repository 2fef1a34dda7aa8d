package org.telemetrybridge.log;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** The bridge's catalogue messages (logger org.telemetrybridge.TBR) logged while it is open, for assertions. */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("org.telemetrybridge.TBR");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLog() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted messages, in order. */
    public List<String> messages() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The messages with one id, such as "TBR0071I". */
    public List<String> withId(String id) {
        return messages().stream().filter(message -> message.startsWith(id + " ")).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
