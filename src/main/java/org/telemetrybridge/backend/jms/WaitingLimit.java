package org.telemetrybridge.backend.jms;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.log.BridgeLog;

/**
 * The global bound on publications waiting for the backend (in the group-commit queues of the
 * publisher threads and of the embedded direct publisher): past it a publication is refused at
 * once instead of queued, so a backend that stalls cannot fill the heap with the publications of
 * every client.
 */
final class WaitingLimit {

    private final int max;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    WaitingLimit(int max) {
        this.max = max;
    }

    /** Sends the publication if there is room; the returned future fails at once if there is not. */
    CompletableFuture<Void> admit(Publication publication, Supplier<CompletableFuture<Void>> send) {
        if (waiting.incrementAndGet() > max) {
            waiting.decrementAndGet();
            if (refused.getAndIncrement() % 1000 == 0) {
                BridgeLog.tooManyWaitingPublications(publication.originClientId(), max, refused.get());
            }
            return CompletableFuture.failedFuture(new BackendUnavailableException(
                    "the backend is behind: " + max + " publications wait for it", null));
        }
        CompletableFuture<Void> sent;
        try {
            sent = send.get();
        } catch (RuntimeException e) {
            waiting.decrementAndGet();
            throw e;
        }
        sent.whenComplete((v, e) -> waiting.decrementAndGet());
        return sent;
    }

    int count() {
        return waiting.get();
    }
}
