package org.telemetrybridge.support;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/** Captures the bridge's operator messages (logger {@code org.telemetrybridge.TBR}) for assertions. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("org.telemetrybridge.TBR");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> messages() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
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
    }
}
