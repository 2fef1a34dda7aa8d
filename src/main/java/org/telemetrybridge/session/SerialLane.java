package org.telemetrybridge.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs tasks on a shared executor one after another, in the order they were submitted: the backend
 * work of one client (opening and closing its subscriptions, storing its session, its held
 * messages) never runs two at a time or out of order, while different clients' work runs in
 * parallel on the same pool. A failed task does not stop the ones after it.
 */
final class SerialLane {

    private final Executor executor;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    SerialLane(Executor executor) {
        this.executor = executor;
    }

    /** Runs the task after the tasks submitted before it. */
    CompletableFuture<Void> run(Runnable task) {
        return supply(() -> {
            task.run();
            return null;
        });
    }

    /** As {@link #run}, for a task with a result. */
    synchronized <T> CompletableFuture<T> supply(Supplier<T> task) {
        CompletableFuture<T> result = tail.exceptionally(e -> null).thenApplyAsync(v -> task.get(), executor);
        tail = result.handle((v, e) -> null);
        return result;
    }
}
