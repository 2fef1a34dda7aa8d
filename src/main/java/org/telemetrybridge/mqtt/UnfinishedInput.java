package org.telemetrybridge.mqtt;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.netty.channel.ChannelHandlerContext;

/**
 * What one decoder holds of a unit the client has not finished sending (an MQTT packet, a WebSocket
 * frame): its bytes are charged to the {@link PartialPacketBudget} all connections share, and it must
 * arrive whole within the packet arrival timeout. Confined to the channel's event loop.
 */
final class UnfinishedInput {

    /** Called when the unit cannot be held: the decoder refuses it and ends the connection. */
    interface Refusal {
        void refuse(ChannelHandlerContext ctx, PacketRefused.Reason reason, String detail);
    }

    private final PartialPacketBudget budget;
    private final long arrivalTimeoutMillis;
    private final String unit;
    private final LongSupplier pending;
    private final Refusal refusal;
    /** Bytes of the unfinished unit charged to the budget. */
    private long charged;
    /** When the first byte of the unit arriving now came (System.nanoTime), 0 between units. */
    private long partialSince;
    /**
     * Checks the arrival time; not cancelled when a unit completes, so that a busy connection, whose
     * reads often end inside a unit, does not schedule and cancel a timer on every read: when it fires
     * it looks at the unit arriving then and, if that one is younger, waits for what it has left.
     */
    private ScheduledFuture<?> arrivalTimer;

    /**
     * @param unit    what is counted, for the log: "packet", "WebSocket frame"
     * @param pending the bytes the decoder holds now
     */
    UnfinishedInput(PartialPacketBudget budget, long arrivalTimeoutMillis, String unit, LongSupplier pending,
                    Refusal refusal) {
        this.budget = budget;
        this.arrivalTimeoutMillis = arrivalTimeoutMillis;
        this.unit = unit;
        this.pending = pending;
        this.refusal = refusal;
    }

    /** A whole unit was cut out: the next one's arrival is timed from its own first byte. */
    void unitCompleted() {
        partialSince = 0;
    }

    /** After a read: charges what the decoder holds now, or refuses it over the budget, and times its arrival. */
    void afterRead(ChannelHandlerContext ctx) {
        long now = pending.getAsLong();
        if (now > charged && !budget.tryCharge(now - charged)) {
            release();
            refusal.refuse(ctx, PacketRefused.Reason.OVER_BUDGET, now + " bytes of an unfinished " + unit
                    + "; all unfinished packets together may hold " + budget.limit() + " bytes");
            return;
        }
        if (now < charged) {
            budget.release(charged - now);
        }
        charged = now;
        if (now == 0) {
            partialSince = 0;
            return;
        }
        if (partialSince == 0) {
            partialSince = System.nanoTime();
        }
        if (arrivalTimer == null) {
            scheduleArrivalCheck(ctx, arrivalTimeoutMillis);
        }
    }

    private void scheduleArrivalCheck(ChannelHandlerContext ctx, long delayMillis) {
        arrivalTimer = ctx.executor().schedule(() -> {
            arrivalTimer = null;
            if (partialSince == 0 || pending.getAsLong() == 0) {
                return;
            }
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - partialSince);
            if (waitedMillis >= arrivalTimeoutMillis) {
                long held = pending.getAsLong();
                release();
                refusal.refuse(ctx, PacketRefused.Reason.ARRIVAL_TIMEOUT, held + " bytes of a " + unit
                        + " arrived, the rest not within " + arrivalTimeoutMillis + " ms");
            } else {
                scheduleArrivalCheck(ctx, arrivalTimeoutMillis - waitedMillis);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Gives the charge back and stops timing: the unit is refused or the connection is gone. */
    void release() {
        budget.release(charged);
        charged = 0;
        partialSince = 0;
        if (arrivalTimer != null) {
            arrivalTimer.cancel(false);
            arrivalTimer = null;
        }
    }

    PartialPacketBudget budget() {
        return budget;
    }

    long arrivalTimeoutMillis() {
        return arrivalTimeoutMillis;
    }
}
