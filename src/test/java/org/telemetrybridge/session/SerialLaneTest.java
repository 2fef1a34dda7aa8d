package org.telemetrybridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** One client's backend work on a shared pool: in order, one at a time, past a failure. */
class SerialLaneTest {

    @Test
    void tasksRunOneAtATimeInTheOrderSubmittedAndAFailureDoesNotStopTheRest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialLane lane = new SerialLane(pool);
            List<Integer> order = new CopyOnWriteArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 200; i++) {
                int n = i;
                last = lane.run(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    order.add(n);
                    running.decrementAndGet();
                    if (n == 50) {
                        throw new IllegalStateException("task 50 fails");
                    }
                });
            }
            last.get(10, TimeUnit.SECONDS);

            assertThat(order).hasSize(200).isSorted();
            assertThat(mostAtOnce.get()).isEqualTo(1);
            assertThat(lane.supply(() -> "after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
        } finally {
            pool.shutdownNow();
        }
    }
}
