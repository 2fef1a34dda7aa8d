package org.telemetrybridge.e2e.fuzz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Sorts what the bridge logged under fuzzing into failures (an exception nobody handled) and the
 * rest, counted by message id. A failure is any of:
 * <ul>
 *   <li>Netty's "An exceptionCaught() event was fired, and it reached at the tail of the pipeline",
 *       at any level: an exception no handler of the bridge took;</li>
 *   <li>an ERROR-level line of any logger that carries a stack trace;</li>
 *   <li>TBR0025W (the connection's last-resort exception handler) whose cause is not an I/O error:
 *       a handler of the bridge threw, where a broken packet must be answered by its own message id;</li>
 *   <li>Netty's "LEAK:" report: a buffer the bridge never released;</li>
 *   <li>a catalogue line (TBRnnnnX) at any level naming an exception that only a programming error
 *       throws (NullPointerException, ClassCastException, IllegalStateException...): a code path of
 *       the bridge failed and a catch-all turned it into a log line;</li>
 *   <li>Artemis' AMQ212051: a JMS session used by two threads at once.</li>
 * </ul>
 * ERROR lines without a stack trace (the broker's own complaints, backend-caused events) are counted
 * and printed, not failures.
 */
final class LogVerdict {

    private static final Pattern CONNECTION_ERROR = Pattern.compile("^TBR0025W .* failed: ([\\w.$]+)");
    private static final Pattern MESSAGE_ID = Pattern.compile("^(TBR\\d{4}[IWE]|AMQ\\d+)");
    private static final Pattern PROGRAMMING_ERROR = Pattern.compile("java\\.lang\\.(NullPointerException"
            + "|ClassCastException|IllegalArgumentException|IllegalStateException|\\w*IndexOutOfBoundsException"
            + "|ArithmeticException|UnsupportedOperationException|StackOverflowError)"
            + "|java\\.util\\.(ConcurrentModificationException|NoSuchElementException)");
    /** Artemis' complaint that a JMS session was used by two threads at once. */
    private static final Pattern CONCURRENT_SESSION_USE = Pattern.compile("^AMQ212051");

    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> counted = new TreeMap<>();

    LogVerdict(List<ILoggingEvent> events) {
        events.forEach(this::judge);
    }

    List<String> failures() {
        return failures;
    }

    /** Lines at WARN or above, by message id (or logger), with how often each came. */
    Map<String, Integer> counted() {
        return counted;
    }

    private void judge(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            Matcher id = MESSAGE_ID.matcher(message);
            counted.merge(event.getLevel() + " " + (id.find() ? id.group(1) : event.getLoggerName()), 1, Integer::sum);
        }
        if (message.contains("exceptionCaught() event was fired")) {
            failures.add("unhandled in the pipeline: " + describe(event));
        } else if (event.getLevel() == Level.ERROR && event.getThrowableProxy() != null) {
            failures.add("ERROR with a stack trace: " + describe(event));
        } else if (message.startsWith("LEAK:")) {
            failures.add("buffer leak: " + message);
        } else if (CONCURRENT_SESSION_USE.matcher(message).find()) {
            failures.add("a JMS session used by two threads: " + describe(event));
        } else if (message.startsWith("TBR") && PROGRAMMING_ERROR.matcher(message).find()) {
            failures.add("a code path threw: " + message);
        } else {
            Matcher connectionError = CONNECTION_ERROR.matcher(message);
            if (connectionError.find() && !isIoError(connectionError.group(1))) {
                failures.add("a handler threw: " + message);
            }
        }
    }

    private static boolean isIoError(String className) {
        try {
            return IOException.class.isAssignableFrom(Class.forName(className));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String describe(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            text.append("\n  caused by ").append(cause.getClassName()).append(": ").append(cause.getMessage());
            var frames = cause.getStackTraceElementProxyArray();
            for (int i = 0; i < Math.min(frames.length, 8); i++) {
                text.append("\n    ").append(frames[i].getSTEAsString());
            }
        }
        return text.toString();
    }
}
