package org.telemetrybridge.backend.jms;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.DeliverySink;
import org.telemetrybridge.session.port.TransmitQueue;
import org.telemetrybridge.session.port.TransmitRouter;
import org.telemetrybridge.session.port.UndeliverableReason;
import org.telemetrybridge.log.BridgeLog;

/**
 * Drains SYSTEM.MQTT.TRANSMIT.QUEUE on one thread, in queue order. Each message is decoded (IBM MQ
 * form or property form), then delivered, held or dead-lettered as the {@link TransmitRouter} says.
 * A delivered message is acknowledged only when its client has it; a held or dead-lettered one
 * only after its copy is committed to the held or dead-letter queue. Acknowledgements and messages
 * given back by departed clients are carried out on the same thread, since a JMS session belongs to
 * one thread.
 *
 * <p>Work on the held queue for one client (opening it, counting, dead-lettering) runs on other
 * threads, each call with a JMS session of its own: {@link HeldMessages}.
 *
 * <p>A provider without per-message acknowledgement (IBM MQ) cannot leave one delivered message
 * unacknowledged while settling the next. There the queue runs store-and-forward: every message is
 * moved, in one transaction with its receipt, to the held queue (or the dead-letter queue), and
 * clients get their messages from there.
 */
public final class JmsTransmitQueue implements TransmitQueue {

    private static final long IDLE_RECEIVE_MILLIS = 20;
    /**
     * Held messages past their hold time are looked for every quarter of the hold time, within these
     * bounds: a sweep that finds nothing stalls this thread for up to 200 ms.
     */
    private static final long MAX_SWEEP_INTERVAL_MILLIS = 60_000;
    private static final long MIN_SWEEP_INTERVAL_MILLIS = 5_000;
    /**
     * How long the drain waits before it tries again to move the message at its head: to the dead-letter
     * queue while there is none or it refused the message, or to the held queue that refused it.
     */
    private static final long PAUSE_MILLIS = 5_000;
    /**
     * Delivered messages acknowledged in one commit at most: well under the 256 completed QoS 2 ids a
     * session remembers, and a small unit of work.
     */
    static final int MAX_ACKNOWLEDGEMENTS_PER_COMMIT = 128;

    /**
     * What this queue needs to know that the core decides: QoS, how long to hold, and the largest payload a
     * device is sent (bridge.mqtt.max-packet-size).
     */
    public record Settings(int persistentQos, Duration holdTime, long maxPayloadBytes) {
    }

    private final JmsBackend backend;
    private final Settings settings;
    private final HeldMessages held;
    private final List<TransmitDecoder> decoders;
    /** Every message goes through the held queue: the provider cannot acknowledge one message alone. */
    private final boolean storeAndForward;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final LongAdder expired = new LongAdder();
    /** Messages taken off the transmit path as undeliverable (dead-lettered, or discarded as their sender asked). */
    private final Map<UndeliverableReason, LongAdder> deadLettered = new java.util.EnumMap<>(UndeliverableReason.class);
    private volatile boolean running;
    private Thread thread;
    private TransmitRouter router;
    /** Where messages come from; on the embedded broker a consumer inside it, else a JMS consumer. */
    private TransmitSource source;
    /** Store-and-forward: also the session of the source's consumer, so that a move and its receipt are one. */
    private Session moveSession;
    /** Made on first use, so a missing queue fails that move (rolled back), not the whole consumer. */
    private MessageProducer heldProducer;
    private MessageProducer deadLetterProducer;
    /** Anonymous: each report goes to its sender's reply-to queue. */
    private MessageProducer reportProducer;
    private long nextSweep;
    /** Acknowledged on the consuming session since its last commit; transmit thread only. */
    private int uncommittedAcknowledgements;

    private jakarta.jms.Connection openedOn;

    public JmsTransmitQueue(JmsBackend backend, Settings settings) {
        this.backend = backend;
        this.settings = settings;
        this.held = new HeldMessages(backend, settings.persistentQos());
        this.decoders = backend.dialect().transmitDecoders();
        this.storeAndForward = !backend.dialect().individualAcknowledge();
        for (UndeliverableReason reason : UndeliverableReason.values()) {
            deadLettered.put(reason, new LongAdder());
        }
    }

    @Override
    public void start(TransmitRouter router) {
        this.router = router;
        running = true;
        thread = new Thread(this::run, "tb-transmit");
        thread.setDaemon(true);
        thread.start();
        BridgeLog.transmitQueueStarted(MqObjectNames.TRANSMIT_QUEUE, MqObjectNames.HELD_QUEUE);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int deadLetterHeld(String clientId, UndeliverableReason reason) {
        int moved = held.deadLetterHeld(clientId, reason);
        deadLettered.get(reason).add(moved);
        return moved;
    }

    @Override
    public int discardHeld(String clientId) {
        return held.discardHeld(clientId);
    }

    /** Messages for devices taken off the transmit path as undeliverable for this reason, since start. */
    public long deadLetteredCount(UndeliverableReason reason) {
        return deadLettered.get(reason).sum();
    }

    @Override
    public BackendSubscription openHeld(String clientId, DeliverySink sink) {
        return held.open(clientId, sink);
    }

    @Override
    public Map<String, Integer> heldCounts() {
        return held.counts();
    }

    public long expiredCount() {
        return expired.sum();
    }

    // --- the transmit-queue thread ---------------------------------------------------------------

    private void run() {
        while (running) {
            try {
                jakarta.jms.Connection connection = backend.connection();
                if (connection == null || !backend.available()) {
                    // The backend is down or reconnecting; it logs that itself.
                    closeSessions();
                    sleep(200);
                    continue;
                }
                if (source == null || connection != openedOn) {
                    closeSessions();
                    open(connection);
                }
                runTasks();
                Message message = source.receive(tasks.isEmpty() ? IDLE_RECEIVE_MILLIS : 0);
                if (message != null) {
                    handle(message);
                }
                // Also while the queue is busy: a steady stream of messages must not keep held ones forever.
                if (System.currentTimeMillis() >= nextSweep) {
                    sweepExpiredHolds();
                }
            } catch (DrainPausedException e) {
                // As an MQ channel that cannot dead-letter stops: the message waits at the head of the
                // queue until the queue manager has a DEADQ (logged by TBR0220W) that takes it, or the held
                // queue takes it again (TBR0044E). Retried at once, it would be read, refused and rolled
                // back in a loop; left aside, it would wait unsettled until the backend reconnects.
                closeSessions();
                sleep(PAUSE_MILLIS);
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    BridgeLog.transmitFailed("reading the transmit queue", e);
                    closeSessions();
                    sleep(1_000);
                }
            }
        }
        runTasks();
        closeSessions();
    }

    private void open(jakarta.jms.Connection connection) throws JMSException {
        openedOn = connection;
        JmsDialect dialect = backend.dialect();
        moveSession = connection.createSession(true, Session.SESSION_TRANSACTED);
        if (storeAndForward) {
            source = new JmsConsumerSource(dialect, moveSession); // receipt and move in one transaction
        } else {
            TransmitSource inBroker = dialect.transmitSource(reason -> deadLettered.get(reason).increment());
            source = inBroker != null ? inBroker
                    : new JmsConsumerSource(dialect, connection.createSession(false, dialect.durableAcknowledgeMode()));
        }
        nextSweep = System.currentTimeMillis() + sweepIntervalMillis();
    }

    private long sweepIntervalMillis() {
        long quarter = settings.holdTime().toMillis() / 4;
        return Math.clamp(quarter, MIN_SWEEP_INTERVAL_MILLIS, MAX_SWEEP_INTERVAL_MILLIS);
    }

    /**
     * Runs the acknowledgements and give-backs that came in, then commits the acknowledgements
     * together (at least every {@link #MAX_ACKNOWLEDGEMENTS_PER_COMMIT}). Until that commit a crash
     * gives the messages back, as it would before the acknowledge: QoS 1 is sent again, and a QoS 2
     * message whose release the session stored is recognised by its id ({@code Outbound}'s
     * completed QoS 2 ids, more of them than one commit covers).
     */
    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (DrainPausedException e) {
                throw e; // a give-back the router holds or dead-letters: the drain pauses as for any other
            } catch (RuntimeException e) {
                BridgeLog.transmitFailed("settling a delivered message", e);
            }
            if (uncommittedAcknowledgements >= MAX_ACKNOWLEDGEMENTS_PER_COMMIT) {
                commitAcknowledgements();
            }
        }
        commitAcknowledgements();
    }

    private void commitAcknowledgements() {
        if (uncommittedAcknowledgements == 0) {
            return;
        }
        uncommittedAcknowledgements = 0;
        try {
            source.commitAcknowledgements();
        } catch (JMSException | RuntimeException e) {
            BridgeLog.transmitFailed("acknowledging delivered messages", e);
        }
    }

    private void handle(Message message) throws JMSException {
        TransmitMessage decoded = addressed(decode(message));
        if (decoded == null) {
            deadLetter(message, null, null, UndeliverableReason.NOT_A_TRANSMIT_MESSAGE);
            return;
        }
        if (decoded.expired(System.currentTimeMillis())) {
            expired.increment();
            long count = expired.sum();
            if (count == 1 || count % 100 == 0) {
                BridgeLog.transmitExpired(decoded.targetClientId(), decoded.topic(), count);
            }
            removeFromTransmitQueue(message);
            return;
        }
        if (decoded.payload() == null) {
            deadLetter(message, decoded.targetClientId(), decoded.topic(), UndeliverableReason.NO_PAYLOAD_FORM);
            return;
        }
        if (decoded.payload().length > settings.maxPayloadBytes()) {
            // Read whole by now on a JMS provider (the embedded source dead-letters such a body unread), but
            // never sent: the bridge sends no device more than it would take from one.
            deadLetter(message, decoded.targetClientId(), decoded.topic(), UndeliverableReason.MESSAGE_TOO_LARGE);
            return;
        }
        if (held.alreadyHeld(decoded.targetClientId(), message)) {
            removeFromTransmitQueue(message); // its held copy was committed before a crash
            return;
        }
        route(message, decoded);
    }

    /** Asks the router, and carries out a hold or a dead-letter; a delivery is settled later. */
    private void route(Message message, TransmitMessage decoded) throws JMSException {
        Delivery delivery = HeldMessages.delivery(message, decoded, settings.persistentQos(),
                new Settlement(message, decoded));
        switch (router.route(decoded.targetClientId(), delivery, !storeAndForward)) {
            case TransmitRouter.Delivered delivered -> {
            }
            case TransmitRouter.Hold hold -> hold(message, decoded);
            case TransmitRouter.DeadLetter dead -> deadLetter(message, decoded.targetClientId(), decoded.topic(),
                    dead.reason());
        }
    }

    /** The message addressed to the client itself, where it named the client's derived queue manager name. */
    private TransmitMessage addressed(TransmitMessage decoded) {
        if (decoded == null) {
            return null;
        }
        String clientId = router.clientIdOf(decoded.targetClientId());
        return clientId.equals(decoded.targetClientId()) ? decoded : new TransmitMessage(clientId, decoded.topic(),
                decoded.payload(), decoded.persistent(), decoded.expiryMillis(), decoded.format(), decoded.ccsid(),
                decoded.properties(), decoded.subscriptionQos(), decoded.mqtt5());
    }

    private TransmitMessage decode(Message message) throws JMSException {
        for (TransmitDecoder decoder : decoders) {
            TransmitMessage decoded = decoder.decode(message);
            if (decoded != null) {
                return decoded;
            }
        }
        return null;
    }

    /** Settles one delivered transmit-queue message, on the transmit thread. */
    private final class Settlement implements Delivery.Acknowledgement {
        private final Message message;
        private final TransmitMessage decoded;
        /** The source the message came from: one reopened since has given it back already. */
        private final TransmitSource from = source;

        Settlement(Message message, TransmitMessage decoded) {
            this.message = message;
            this.decoded = decoded;
        }

        @Override
        public void acknowledge() {
            tasks.add(() -> {
                try {
                    from.acknowledgeLater(message);
                    uncommittedAcknowledgements++;
                } catch (JMSException e) {
                    BridgeLog.transmitFailed("acknowledging a delivered message", e);
                }
            });
        }

        @Override
        public void release() {
            tasks.add(() -> {
                try {
                    route(message, decoded);
                } catch (JMSException e) {
                    BridgeLog.transmitFailed("taking back a message its client did not acknowledge", e);
                }
            });
        }
    }

    // --- holding and dead-lettering --------------------------------------------------------------

    private void hold(Message message, TransmitMessage decoded) {
        try {
            BytesMessage copy = moveSession.createBytesMessage();
            copy.writeBytes(decoded.payload());
            for (Map.Entry<String, Object> property : decoded.properties().entrySet()) {
                copy.setObjectProperty(property.getKey(), property.getValue());
            }
            copy.setStringProperty(PropertyFormDecoder.REMOTE_QMGR_NAME, decoded.targetClientId());
            copy.setStringProperty(PropertyFormDecoder.REMOTE_QNAME, decoded.topic());
            if (decoded.subscriptionQos() != TransmitMessage.NO_SUBSCRIPTION) {
                copy.setIntProperty(PropertyFormDecoder.SUBSCRIPTION_QOS, decoded.subscriptionQos());
            }
            MessageMapping.writeHeaders(moveSession, copy, decoded.mqtt5());
            copy.setStringProperty(HeldMessages.ORIGINAL_ID, HeldMessages.originalId(message));
            HeldMessages.keepProperties(message, copy);
            backend.dialect().keepContext(message, copy);
            long now = System.currentTimeMillis();
            long holdTime = settings.holdTime().toMillis();
            copy.setLongProperty(HeldMessages.HOLD_UNTIL, holdTime > 0 ? now + holdTime : 0);
            long timeToLive = decoded.expiryMillis() > 0 ? Math.max(1, decoded.expiryMillis() - now) : 0;
            heldProducer().send(copy,
                    decoded.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT,
                    Message.DEFAULT_PRIORITY, timeToLive);
            moveSession.commit();
            removeFromTransmitQueue(message);
            router.held(decoded.targetClientId());
        } catch (JMSException | RuntimeException e) {
            rollback();
            router.holdFailed(decoded.targetClientId());
            BridgeLog.transmitFailed("holding a message for client '" + decoded.targetClientId() + "'", e);
            throw new DrainPausedException();
        }
    }

    /**
     * Dead-letters a message, or discards it and/or reports it to its sender as the dialect decides
     * from the sender's report options. Without a dead-letter queue the message stays where it is
     * (rolled back onto the transmit queue): {@link DrainPausedException} makes the drain wait.
     */
    private void deadLetter(Message message, String clientId, String topic, UndeliverableReason reason) {
        JmsDialect dialect = backend.dialect();
        try {
            JmsDialect.Undeliverable fate = dialect.undeliverable(moveSession, message, reason, clientId);
            if (fate.deadLetter() != null && dialect.deadLetterQueue() == null) {
                rollback();
                BridgeLog.noDeadLetterQueue(clientId, topic, reason.mqReason(), reason.text());
                throw new DrainPausedException();
            }
            if (fate.report() != null) {
                reportProducer().send(fate.reportTo(), fate.report());
            }
            if (fate.deadLetter() != null) {
                deadLetterProducer().send(fate.deadLetter(), message.getJMSDeliveryMode(), Message.DEFAULT_PRIORITY, 0);
            }
            moveSession.commit();
            removeFromTransmitQueue(message);
            deadLettered.get(reason).increment();
            if (fate.deadLetter() != null) {
                BridgeLog.deadLettered(clientId, topic, reason.text(), reason.mqReason(), dialect.deadLetterQueue());
            } else {
                BridgeLog.discardedAtSendersRequest(clientId, topic, reason.mqReason(), reason.text());
            }
            if (fate.report() != null) {
                BridgeLog.exceptionReportSent(clientId, topic, reason.mqReason(), fate.reportTo().toString());
            }
        } catch (JMSException | RuntimeException e) {
            if (e instanceof DrainPausedException paused) {
                throw paused;
            }
            rollback();
            BridgeLog.transmitFailed("moving a message to the dead-letter queue", e);
            throw new DrainPausedException();
        }
    }

    /**
     * A message cannot be moved off the transmit queue (no dead-letter queue, or the dead-letter or held
     * queue refused it): it stays there, and the drain pauses before it tries again.
     */
    static final class DrainPausedException extends RuntimeException {
        DrainPausedException() {
            super("a message could not be moved off the transmit queue", null, false, false);
        }
    }

    /**
     * Takes a settled message off the transmit queue: store-and-forward committed its receipt with
     * its move already; otherwise it is acknowledged on its own.
     */
    private void removeFromTransmitQueue(Message message) throws JMSException {
        source.remove(message);
    }

    /** Moves held messages whose hold time is over to the dead-letter queue. */
    private void sweepExpiredHolds() {
        nextSweep = System.currentTimeMillis() + sweepIntervalMillis();
        if (settings.holdTime().isZero()) {
            return;
        }
        String selector = HeldMessages.HOLD_UNTIL + " > 0 AND " + HeldMessages.HOLD_UNTIL + " < "
                + System.currentTimeMillis();
        Map<String, Integer> moved = held.moveToDeadLetters(selector, UndeliverableReason.HOLD_TIME_EXPIRED);
        moved.forEach((clientId, count) -> {
            BridgeLog.heldDeadLettered(clientId, count, UndeliverableReason.HOLD_TIME_EXPIRED.text());
            deadLettered.get(UndeliverableReason.HOLD_TIME_EXPIRED).add(count);
            router.heldRemoved(clientId, count);
        });
    }

    // --- helpers ----------------------------------------------------------------------------------

    private void rollback() {
        try {
            moveSession.rollback();
        } catch (JMSException | RuntimeException e) {
            // The session is broken; the next failure reopens it.
        }
    }

    private void closeSessions() {
        if (source != null) {
            source.close();
        }
        if (moveSession != null) {
            JmsBackend.closeQuietly(moveSession); // a second close of the store-and-forward session does nothing
        }
        openedOn = null;
        uncommittedAcknowledgements = 0; // rolled back with the source: those messages come again
        source = null;
        moveSession = null;
        heldProducer = null;
        deadLetterProducer = null;
        reportProducer = null;
    }

    private MessageProducer heldProducer() throws JMSException {
        if (heldProducer == null) {
            heldProducer = moveSession.createProducer(moveSession.createQueue(MqObjectNames.HELD_QUEUE));
        }
        return heldProducer;
    }

    private MessageProducer deadLetterProducer() throws JMSException {
        if (deadLetterProducer == null) {
            deadLetterProducer = moveSession.createProducer(backend.dialect().deadLetterQueue(moveSession));
        }
        return deadLetterProducer;
    }

    private MessageProducer reportProducer() throws JMSException {
        if (reportProducer == null) {
            reportProducer = moveSession.createProducer(null);
        }
        return reportProducer;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
