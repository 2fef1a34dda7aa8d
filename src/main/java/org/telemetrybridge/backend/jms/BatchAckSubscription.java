package org.telemetrybridge.backend.jms;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.log.BridgeLog;

/**
 * A subscription on a provider whose acknowledge covers everything the session has consumed
 * (IBM MQ: CLIENT_ACKNOWLEDGE commits the session's unit of work). Acknowledging when one device
 * acknowledgement comes in would also remove messages the device does not have yet, which a crash
 * would then lose. So the session is acknowledged only when the device has acknowledged every message
 * it consumed ({@link #settle()}).
 *
 * <p>Before acknowledging, the consumer is closed: closing is the one JMS call that waits for a
 * delivery in progress and guarantees that no further message is consumed, so nothing unseen slips
 * into the acknowledgement. It is opened again afterwards. While {@code window} messages are
 * consumed and not yet acknowledged by the device, the consumer stays closed, so the unit of work
 * never grows past the queue manager's MAXUMSGS.
 */
final class BatchAckSubscription implements AckingSubscription {

    private final JmsBackend backend;
    private final Session session;
    /** The filter or queue, for log lines. */
    private final String source;
    private final ConsumerOpener opener;
    private final MessageHandler handler;
    private final int window;
    private final Object settleLock = new Object();
    // Guarded by this:
    private MessageConsumer consumer;
    /** Messages consumed since the session was last acknowledged. */
    private int consumed;
    /** Of those, the ones the device has acknowledged. */
    private int acknowledged;
    private Message lastConsumed;
    private boolean paused;
    private boolean settling;
    /**
     * The listener is closing its own consumer at the window: until that close returns, a settle
     * must not commit or open a consumer, which would use the session from a second thread at the
     * same time (JMS sessions are single-threaded; under load the listener's close could then fail,
     * silently, and the consumer go on delivering past the window).
     */
    private boolean listenerClosing;
    private boolean closed;

    BatchAckSubscription(JmsBackend backend, Session session, String source, ConsumerOpener opener,
                         MessageHandler handler, int window) throws JMSException {
        this.backend = backend;
        this.session = session;
        this.source = source;
        this.opener = opener;
        this.handler = handler;
        this.window = window;
        synchronized (this) {
            openConsumer();
        }
    }

    private void openConsumer() throws JMSException {
        consumer = opener.open(session);
        consumer.setMessageListener(this::onMessage);
    }

    private void onMessage(Message message) {
        MessageConsumer full = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            consumed++;
            lastConsumed = message;
            if (consumed - acknowledged >= window && consumer != null) {
                // Stop consuming until the device has caught up; settle() opens the consumer again.
                full = consumer;
                consumer = null;
                listenerClosing = true;
            }
        }
        AtomicBoolean once = new AtomicBoolean();
        handler.handle(message, () -> {
            if (once.compareAndSet(false, true)) {
                deviceAcknowledged();
            }
        });
        if (full != null) {
            // Closed here, before the next message can be consumed: JMS lets a listener close its own
            // consumer, and the close takes effect when this onMessage returns.
            closeQuietly(full);
            synchronized (this) {
                listenerClosing = false;
                if (consumed > 0 && acknowledged == consumed) {
                    scheduleSettle(); // the device caught up while the consumer was closing
                }
            }
        }
    }

    private void deviceAcknowledged() {
        synchronized (this) {
            acknowledged++;
            if (acknowledged == consumed) {
                scheduleSettle();
            }
        }
    }

    /** Only with the lock held. */
    private void scheduleSettle() {
        if (settling || closed) {
            return;
        }
        settling = true;
        try {
            backend.acknowledger().execute(this::settle);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            settling = false;
        }
    }

    /**
     * Closes the consumer, then acknowledges the session if the device has everything it consumed,
     * and opens the consumer again unless paused or still waiting for the device.
     */
    private void settle() {
        // One settle at a time: a second one waits here, then finds what the first left.
        synchronized (settleLock) {
            try {
                settleOnce();
            } catch (RuntimeException e) {
                // The connection broke: the backend's listeners drop the client, whose messages come again.
                BridgeLog.backendDeliveryFailed(source, e);
            }
        }
    }

    private void settleOnce() {
        MessageConsumer closing;
        synchronized (this) {
            settling = false;
            if (listenerClosing) {
                return; // onMessage settles again once its close has returned
            }
            closing = consumer;
            consumer = null;
        }
        if (closing != null) {
            closeQuietly(closing);
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            acknowledgeIfComplete();
            reopenIfDue();
        }
    }

    /** Only with the lock held and the consumer closed. */
    private void acknowledgeIfComplete() {
        if (consumed == 0 || acknowledged != consumed) {
            return;
        }
        try {
            lastConsumed.acknowledge();
        } catch (JMSException | RuntimeException e) {
            // The session broke: its messages return to the subscription and come again.
            BridgeLog.backendDeliveryFailed(source, e);
        }
        consumed = 0;
        acknowledged = 0;
        lastConsumed = null;
    }

    /** Only with the lock held. */
    private void reopenIfDue() {
        if (consumer != null || paused || closed || consumed - acknowledged >= window) {
            return;
        }
        // Messages the device has not acknowledged yet would make the next settle wait; new ones may
        // still be consumed meanwhile, up to the window.
        try {
            openConsumer();
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot resume consuming from '" + source + "'", e);
        }
    }

    @Override
    public void pause() {
        MessageConsumer closing;
        synchronized (this) {
            paused = true;
            closing = consumer;
            consumer = null;
        }
        if (closing != null) {
            closeQuietly(closing);
        }
    }

    @Override
    public synchronized void resume() {
        paused = false;
        reopenIfDue();
    }

    @Override
    public void close() {
        MessageConsumer closing;
        synchronized (this) {
            closing = consumer;
            consumer = null;
            paused = true;
        }
        if (closing != null) {
            closeQuietly(closing);
        }
        synchronized (this) {
            // What the device has in full is acknowledged; the rest returns to the subscription.
            acknowledgeIfComplete();
            closed = true;
        }
        JmsBackend.closeQuietly(session);
    }

    private static void closeQuietly(MessageConsumer consumer) {
        try {
            consumer.close();
        } catch (JMSException | RuntimeException e) {
            // Its session is broken; nothing more is consumed from it either way.
        }
    }
}
