package org.telemetrybridge.backend.jms;

import jakarta.jms.Message;
import jakarta.jms.Session;

import org.telemetrybridge.backend.embedded.EmbeddedDialect;

/**
 * The embedded Artemis dialect made to behave where IBM MQ differs: CLIENT_ACKNOWLEDGE covering the
 * whole session, a window of unacknowledged messages, and no last-value queues. It lets the shared
 * adapter's IBM MQ code paths run for real without a queue manager.
 */
public record IbmMqLikeDialect(EmbeddedDialect embedded, int window) implements OnEmbeddedDialect {

    @Override
    public int durableAcknowledgeMode() {
        return Session.CLIENT_ACKNOWLEDGE;
    }

    @Override
    public boolean individualAcknowledge() {
        return false;
    }

    @Override
    public int maxUnacknowledged() {
        return window;
    }

    /** As on IBM MQ: no last-value key, so the queue keeps every message it is sent. */
    @Override
    public void markLastValue(Message message, String key) {
    }

    @Override
    public boolean lastValueQueues() {
        return false;
    }

    @Override
    public String describe() {
        return "embedded Artemis acting as IBM MQ";
    }
}
