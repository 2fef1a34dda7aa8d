package org.telemetrybridge.backend.jms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.telemetrybridge.session.port.BackendUnavailableException;

/**
 * One thread that takes all the work waiting for it at once (up to a limit) and hands it over as one
 * batch: the group commit of the publishers. Work that comes while or after it stops fails; none is
 * left waiting for ever.
 *
 * @param <T> the work, which carries the future its submitter waits on
 */
public final class BatchingThread<T extends BatchingThread.Work> {

    /** Work for the thread; its handler completes {@link #done()}. */
    public interface Work {
        CompletableFuture<Void> done();
    }

    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final Consumer<List<T>> handler;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param onStart runs first on the thread (for what the handler needs bound to it)
     * @param handler takes each batch, a list of its own, and completes its work
     */
    public BatchingThread(String name, int maxBatch, Runnable onStart, Consumer<List<T>> handler) {
        this.maxBatch = maxBatch;
        this.handler = handler;
        this.thread = new Thread(() -> {
            onStart.run();
            takeBatches();
        }, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public CompletableFuture<Void> submit(T work) {
        if (!running) {
            work.done().completeExceptionally(new BackendUnavailableException("the bridge is stopping", null));
            return work.done();
        }
        queue.add(work);
        // stop() may have emptied the queue between the check above and the add: then no one else
        // will ever complete this work.
        if (!running && queue.remove(work)) {
            work.done().completeExceptionally(new BackendUnavailableException("the bridge stopped", null));
        }
        return work.done();
    }

    /** Ends the thread (waiting up to 5 s for the batch at hand) and fails the work still waiting. */
    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        T left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new BackendUnavailableException("the bridge stopped", null));
        }
    }

    private void takeBatches() {
        while (running) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<T> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                handler.accept(batch);
            } catch (InterruptedException e) {
                break;
            }
        }
    }
}
