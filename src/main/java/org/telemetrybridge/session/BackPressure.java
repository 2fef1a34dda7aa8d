package org.telemetrybridge.session;

import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.telemetrybridge.session.port.ClientConnection;

/**
 * One session's back-pressure on its sources. With {@code max-queued-messages} waiting for the
 * client, the subscriptions that feed it are paused (their messages wait in the backend) until it has
 * caught up to half of that; a client that stays behind for the slow-client timeout is disconnected,
 * so that it cannot hold a shared filter up for everyone. Confined to the connection's event loop.
 */
final class BackPressure {

    private final SessionSettings settings;
    private final Outbound outbound;
    /** Pauses (true) or resumes (false) the session's sources, on the backend's threads. */
    private final Consumer<Boolean> pauseSources;
    /** The connection attached now, to tell whether the one that fell behind is still there. */
    private final Supplier<ClientConnection> attached;
    private boolean paused;
    private ScheduledFuture<?> slowClientCheck;

    BackPressure(SessionSettings settings, Outbound outbound, Consumer<Boolean> pauseSources,
                 Supplier<ClientConnection> attached) {
        this.settings = settings;
        this.outbound = outbound;
        this.pauseSources = pauseSources;
        this.attached = attached;
    }

    /** After a message was queued for the client: pauses the sources if it is too far behind. */
    void afterOffer(ClientConnection current) {
        if (paused || outbound.queued() < settings.maxQueuedMessages()) {
            return;
        }
        paused = true;
        pauseSources.accept(true);
        long timeout = settings.slowClientTimeout().toMillis();
        if (timeout > 0) {
            slowClientCheck = current.schedule(() -> {
                if (paused && attached.get() == current) {
                    current.closeTooSlow(outbound.queued(), settings.slowClientTimeout());
                }
            }, timeout);
        }
    }

    /** After the client took messages: resumes the sources once it has caught up. */
    void afterProgress() {
        if (!paused || outbound.queued() > settings.maxQueuedMessages() / 2) {
            return;
        }
        paused = false;
        cancelSlowClientCheck();
        pauseSources.accept(false);
    }

    /** The connection is gone: its sources close with it, and so does the check. */
    void reset() {
        paused = false;
        cancelSlowClientCheck();
    }

    private void cancelSlowClientCheck() {
        if (slowClientCheck != null) {
            slowClientCheck.cancel(false);
            slowClientCheck = null;
        }
    }
}
