package org.telemetrybridge.support;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * Captures the bridge's operator messages (logger {@code org.telemetrybridge.TBR}) for assertions.
 * Safe against appends from many threads while a test reads: logback's ListAppender keeps an
 * ArrayList that a concurrent append breaks for the reader.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level minimum;
    private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(minimum)) {
                events.add(event);
            }
        }
    };

    public LogCapture() {
        this("org.telemetrybridge.TBR", Level.ALL);
    }

    /** Captures one logger and those below it; {@code Logger.ROOT_LOGGER_NAME} for every logger. */
    public LogCapture(String loggerName) {
        this(loggerName, Level.ALL);
    }

    /** Captures the events at {@code minimum} or above, of one logger and those below it. */
    public LogCapture(String loggerName, Level minimum) {
        this.minimum = minimum;
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** The events so far, in order. */
    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The formatted messages so far, in order. */
    public List<String> messages() {
        return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The messages with one id, such as "TBR0071I". */
    public List<String> withId(String id) {
        return messages().stream().filter(message -> message.startsWith(id + " ")).toList();
    }

    /** Waits until a message containing all the given parts is logged, and returns it. */
    public String awaitMessage(String... parts) {
        String[] found = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (String message : messages()) {
                boolean all = true;
                for (String part : parts) {
                    all &= message.contains(part);
                }
                if (all) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
