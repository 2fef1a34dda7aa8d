package org.telemetrybridge.log;

import java.util.List;

import org.telemetrybridge.support.LogCapture;

/** The bridge's catalogue messages (logger org.telemetrybridge.TBR) logged while it is open, for assertions. */
public final class CapturedLog implements AutoCloseable {

    private final LogCapture capture = new LogCapture();

    /** The formatted messages, in order. */
    public List<String> messages() {
        return capture.messages();
    }

    /** The messages with one id, such as "TBR0071I". */
    public List<String> withId(String id) {
        return capture.withId(id);
    }

    @Override
    public void close() {
        capture.close();
    }
}
