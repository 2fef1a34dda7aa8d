package org.telemetrybridge.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.ClientConnection;
import org.telemetrybridge.session.port.OutgoingPublish;

/**
 * The outbound half of a session: messages on their way to the client, the in-flight window of
 * QoS 1 and 2 messages and their packet identifiers. Confined to the connection's event loop.
 *
 * <p>A backend message is acknowledged to the backend only when the client has it: QoS 0 once
 * written to the socket, QoS 1 on PUBACK, QoS 2 on PUBREC (from then on the client owns it and
 * only the PUBREL/PUBCOMP exchange remains).
 */
final class Outbound {

    private static final class InFlight {
        final Delivery delivery;
        final int qos;
        final boolean dup;
        /** Sent before with this id, to an earlier connection: see {@link SessionState.Stage#QUARANTINED}. */
        final boolean resent;
        boolean released;

        InFlight(Delivery delivery, int qos, boolean dup, boolean resent) {
            this.delivery = delivery;
            this.qos = qos;
            this.dup = dup;
            this.resent = resent;
        }
    }

    /**
     * Stores the session's state, outbound QoS 2 exchanges included ({@link #flows()}); the future
     * completes once it is stored. Only persistent sessions have one.
     */
    interface Journal {
        CompletableFuture<Void> record();
    }

    private record Queued(Delivery delivery, int qos) {
    }

    private static final int MAX_PACKET_ID = 65_535;
    /** Packet ids kept out of use at most; the oldest returns to use first. */
    private static final int MAX_QUARANTINED = 1024;
    /**
     * Completed QoS 2 message ids remembered at most: far more than the backend settles between two
     * stores, while keeping the stored state small (about 45 bytes an id).
     */
    private static final int MAX_COMPLETED = 256;
    private static final int NO_PACKET_ID = 0;

    private final String clientId;
    private final SessionSettings settings;
    private final LongAdder droppedTotal;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final Map<Integer, InFlight> inflight = new HashMap<>();
    /** The size of {@link #inflight}, for operators reading from other threads. */
    private volatile int inflightApprox;
    /**
     * After a disconnect of a persistent session: backend message id to the packet id it was sent
     * with, oldest first. Its values are ids that new messages must not take. A message the backend
     * never gives back (expired, removed) would hold its id for ever: past {@code max-inflight}
     * entries the oldest reservation is given up.
     */
    private final LinkedHashMap<String, Integer> redeliveryPacketIds = new LinkedHashMap<>();
    private final Map<Integer, String> reservedPacketIds = new HashMap<>();
    /** Backend ids of messages whose QoS 2 exchange is released: a redelivery of one is not sent again. */
    private final Set<String> releasedMessageIds = new HashSet<>();
    /** See {@link SessionState.Stage#QUARANTINED}; oldest first. */
    private final java.util.LinkedHashSet<Integer> quarantined = new java.util.LinkedHashSet<>();
    /** See {@link SessionState#completedQos2()}; oldest first. */
    private final java.util.LinkedHashSet<String> completedMessageIds = new java.util.LinkedHashSet<>();
    private volatile List<String> completed = List.of();
    private final Journal journal;
    /** The outbound QoS 2 exchanges as last recorded, for the session's stored state (read on any thread). */
    private volatile Map<Integer, SessionState.OutboundFlow> flows = Map.of();
    private ClientConnection connection;
    /** The queue's length for readers on other threads (the transmit queue checks it). */
    private volatile int queuedApprox;
    private int nextPacketId = 1;
    private long dropped;
    /**
     * Set while QoS 2 messages wait for their packet ids to be stored: nothing queued behind them
     * goes out before them, so a later QoS 0 or 1 message cannot overtake (ordered topics, MQTT 5
     * section 4.6). The token of the store that set it; null when none is pending.
     */
    private Object pendingStore;

    Outbound(String clientId, SessionSettings settings, LongAdder droppedTotal) {
        this(clientId, settings, droppedTotal, null);
    }

    /**
     * @param journal for a persistent session: a QoS 2 PUBLISH goes out only once its packet id is
     *                stored, and the backend message is settled on PUBREC only once the release is
     *                stored, so that after a crash no id the client holds is reused [MQTT-4.4.0-1]
     */
    Outbound(String clientId, SessionSettings settings, LongAdder droppedTotal, Journal journal) {
        this.clientId = clientId;
        this.settings = settings;
        this.droppedTotal = droppedTotal;
        this.journal = journal;
    }

    /**
     * Takes back the outbound QoS 2 exchanges stored before a restart: released ones get their
     * PUBREL again when the client attaches, the others keep their packet id for their message's
     * redelivery.
     */
    void restore(Map<Integer, SessionState.OutboundFlow> stored, List<String> storedCompleted) {
        completedMessageIds.addAll(storedCompleted);
        completed = List.copyOf(storedCompleted);
        stored.forEach((packetId, flow) -> {
            if (flow.stage() == SessionState.Stage.QUARANTINED) {
                quarantine(packetId);
            } else if (flow.released()) {
                InFlight placeholder = new InFlight(new Delivery("", new byte[0], 2, false, flow.messageId(), true,
                        Delivery.Acknowledgement.NONE), 2, true, true);
                placeholder.released = true;
                inflight.put(packetId, placeholder);
                inflightApprox = inflight.size();
                releasedMessageIds.add(flow.messageId());
            } else {
                reserve(flow.messageId().isEmpty() ? "packet:" + packetId : flow.messageId(), packetId);
            }
        });
        flows = Map.copyOf(stored);
    }

    /** The completed outbound QoS 2 message ids as last recorded; safe on any thread. */
    List<String> completed() {
        return completed;
    }

    /** The outbound QoS 2 exchanges as last recorded; safe on any thread. */
    Map<Integer, SessionState.OutboundFlow> flows() {
        return flows;
    }

    int queued() {
        return queuedApprox;
    }

    /** Messages sent and not yet acknowledged; approximate from other threads. */
    int inflight() {
        return inflightApprox;
    }

    /**
     * Queues a message for the client and sends what the window allows.
     *
     * @param mayDrop true for shared (non-durable) subscriptions: past the queue limit the message is
     *                dropped; durable messages are never dropped, their source is paused instead
     */
    void offer(Delivery delivery, int qos, boolean mayDrop) {
        if (mayDrop && queue.size() >= settings.maxQueuedMessages()) {
            droppedTotal.increment();
            if (dropped++ % 1000 == 0) {
                BridgeLog.outboundQueueFull(clientId, settings.maxQueuedMessages(), delivery.topic());
            }
            delivery.acknowledgement().acknowledge();
            return;
        }
        queue.add(new Queued(delivery, qos));
        drain();
    }

    /** Attaches a connection: resends what was in flight (DUP), then sends what waits. */
    void start(ClientConnection connection) {
        this.connection = connection;
        pendingStore = null; // an earlier connection's store sends nothing on this one
        for (Map.Entry<Integer, InFlight> entry : inflight.entrySet()) {
            InFlight message = entry.getValue();
            if (message.released) {
                connection.sendPubrel(entry.getKey());
            } else {
                send(entry.getKey(), message.delivery, message.qos, true);
            }
        }
        drain();
    }

    /**
     * Detaches the connection. Unacknowledged backend messages go back to the backend (the caller
     * closes their source); for a persistent session the packet ids they were sent with are kept so
     * that their redelivery reuses them, and QoS 2 messages awaiting PUBCOMP stay to resend PUBREL.
     */
    void stop(boolean persistent) {
        connection = null;
        Iterator<Map.Entry<Integer, InFlight>> it = inflight.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, InFlight> entry = it.next();
            InFlight message = entry.getValue();
            if (persistent && message.released) {
                continue;
            }
            if (!message.released) {
                if (persistent && message.delivery.messageId() != null) {
                    reserve(message.delivery.messageId(), entry.getKey());
                }
                message.delivery.acknowledgement().release();
            }
            it.remove();
        }
        inflightApprox = inflight.size();
        queue.forEach(queued -> queued.delivery.acknowledgement().release());
        queue.clear();
        queuedApprox = 0;
    }

    void onPuback(int packetId) {
        InFlight message = inflight.get(packetId);
        if (message == null || message.qos != 1) {
            BridgeLog.unknownPacketId(clientId, "PUBACK", packetId);
            return;
        }
        inflight.remove(packetId);
        inflightApprox = inflight.size();
        message.delivery.acknowledgement().acknowledge();
        drain();
    }

    void onPubrec(int packetId) {
        InFlight message = inflight.get(packetId);
        if (message == null || message.qos != 2) {
            BridgeLog.unknownPacketId(clientId, "PUBREC", packetId);
            // The client may have kept state we lost in a restart; releasing lets it finish.
            if (connection != null) {
                connection.sendPubrel(packetId);
            }
            return;
        }
        if (message.released) {
            connection.sendPubrel(packetId);
            return;
        }
        message.released = true;
        releasedMessageIds.add(messageKey(message.delivery));
        if (journal == null) {
            message.delivery.acknowledgement().acknowledge();
            connection.sendPubrel(packetId);
            return;
        }
        // Stored as released before the backend forgets the message and before PUBREL lets the client
        // forget the id: a crash in between then neither loses it nor delivers it twice.
        ClientConnection current = connection;
        record().whenCompleteAsync((v, failure) -> {
            if (failure != null) {
                BridgeLog.sessionStoreFailed(clientId, failure);
                return;
            }
            message.delivery.acknowledgement().acknowledge();
            if (connection == current && inflight.get(packetId) == message) {
                current.sendPubrel(packetId);
            }
        }, current.executor());
    }

    void onPubcomp(int packetId) {
        InFlight message = inflight.get(packetId);
        if (message == null || !message.released) {
            BridgeLog.unknownPacketId(clientId, "PUBCOMP", packetId);
            return;
        }
        inflight.remove(packetId);
        inflightApprox = inflight.size();
        String messageId = messageKey(message.delivery);
        releasedMessageIds.remove(messageId);
        if (journal != null && !messageId.isEmpty()) {
            // The backend may not have made the settlement durable yet: a crash would bring it back.
            completedMessageIds.add(messageId);
            if (completedMessageIds.size() > MAX_COMPLETED) {
                completedMessageIds.remove(completedMessageIds.iterator().next());
            }
        }
        if (message.resent) {
            quarantine(packetId);
            if (journal != null) {
                // Rare (only after a reconnect), and the quarantine must outlive a crash right after.
                record().exceptionally(failure -> {
                    BridgeLog.sessionStoreFailed(clientId, failure);
                    return null;
                });
            }
        }
        // Otherwise not recorded now: a PUBREL sent again after a crash for a finished exchange only
        // gets a PUBCOMP.
        drain();
    }

    /** Sends queued messages while the window and the socket allow. */
    void drain() {
        List<Integer> toRecord = null;
        int window = connection == null ? 0 : Math.min(settings.maxInflight(), connection.receiveMaximum());
        while (connection != null && !queue.isEmpty() && connection.writable() && pendingStore == null) {
            Queued head = queue.peek();
            if (head.qos > 0 && inflight.size() >= window) {
                break;
            }
            if (toRecord != null && head.qos != 2) {
                break; // goes out after the QoS 2 messages before it, once their ids are stored
            }
            queue.poll();
            Delivery delivery = head.delivery;
            if (delivery.properties().expired(System.currentTimeMillis())) {
                // Its Message Expiry Interval (or JMS expiration) passed while it waited: not delivered.
                delivery.acknowledgement().acknowledge();
                continue;
            }
            // As it goes out (a QoS 1/2 one gets its real packet id later; the id's size is the same).
            OutgoingPublish outgoing = new OutgoingPublish(delivery.topic(), delivery.payload(), head.qos,
                    delivery.retained(), false, head.qos == 0 ? 0 : 1, delivery.properties(), delivery.subscriptionIds());
            if (connection.tooLargeToSend(outgoing)) {
                // Discarded as if delivered [MQTT-3.1.2-25]: the client could never take it.
                delivery.acknowledgement().acknowledge();
                continue;
            }
            if (head.qos == 0) {
                boolean confirm = delivery.acknowledgement() != Delivery.Acknowledgement.NONE;
                var written = connection.sendPublish(outgoing, confirm);
                if (confirm) {
                    written.thenRun(delivery.acknowledgement()::acknowledge);
                }
                continue;
            }
            if (delivery.messageId() != null && (releasedMessageIds.contains(delivery.messageId())
                    || completedMessageIds.contains(delivery.messageId()))) {
                // Back after a crash between storing its release and settling it: the client has it.
                delivery.acknowledgement().acknowledge();
                continue;
            }
            Integer redeliveryId = delivery.messageId() == null ? null
                    : redeliveryPacketIds.get(delivery.messageId());
            int packetId = redeliveryId != null ? redeliveryId : allocatePacketId();
            if (packetId == NO_PACKET_ID) {
                // Every id is taken: the message stays queued until an acknowledgement frees one.
                queue.addFirst(head);
                break;
            }
            if (redeliveryId != null) {
                redeliveryPacketIds.remove(delivery.messageId());
                reservedPacketIds.remove(redeliveryId);
            }
            InFlight message = new InFlight(delivery, head.qos, redeliveryId != null || delivery.redelivered(),
                    redeliveryId != null);
            inflight.put(packetId, message);
            inflightApprox = inflight.size();
            if (head.qos == 2 && journal != null) {
                if (toRecord == null) {
                    toRecord = new ArrayList<>();
                }
                toRecord.add(packetId);
            } else {
                send(packetId, delivery, head.qos, message.dup);
            }
        }
        queuedApprox = queue.size();
        if (toRecord != null) {
            sendOnceRecorded(toRecord);
        }
    }

    /** Sends QoS 2 messages once their packet ids are stored (one store for all that went out together). */
    private void sendOnceRecorded(List<Integer> packetIds) {
        ClientConnection current = connection;
        Object token = new Object();
        pendingStore = token;
        record().whenCompleteAsync((v, failure) -> {
            if (pendingStore != token) {
                return; // the connection changed meanwhile: its start resent what was in flight
            }
            pendingStore = null;
            if (failure != null) {
                BridgeLog.sessionStoreFailed(clientId, failure);
                return;
            }
            for (int packetId : packetIds) {
                InFlight message = inflight.get(packetId);
                if (connection == current && message != null && !message.released) {
                    send(packetId, message.delivery, 2, message.dup);
                }
            }
            drain();
        }, current.executor());
    }

    /** Takes a snapshot of the outbound QoS 2 exchanges (and reserved ids) and stores the session with it. */
    private CompletableFuture<Void> record() {
        Map<Integer, SessionState.OutboundFlow> snapshot = new HashMap<>();
        quarantined.forEach(packetId -> snapshot.put(packetId,
                new SessionState.OutboundFlow("", SessionState.Stage.QUARANTINED)));
        redeliveryPacketIds.forEach((messageId, packetId) -> snapshot.put(packetId,
                new SessionState.OutboundFlow(messageId.startsWith("packet:") ? "" : messageId, SessionState.Stage.SENT)));
        inflight.forEach((packetId, message) -> {
            if (message.qos == 2) {
                snapshot.put(packetId, new SessionState.OutboundFlow(messageKey(message.delivery),
                        message.released ? SessionState.Stage.RELEASED : SessionState.Stage.SENT));
            }
        });
        flows = Map.copyOf(snapshot);
        completed = List.copyOf(completedMessageIds);
        return journal.record();
    }

    private void quarantine(int packetId) {
        quarantined.remove(packetId);
        quarantined.add(packetId);
        if (quarantined.size() > MAX_QUARANTINED) {
            quarantined.remove(quarantined.iterator().next());
        }
    }

    private static String messageKey(Delivery delivery) {
        return delivery.messageId() == null ? "" : delivery.messageId();
    }

    private void send(int packetId, Delivery delivery, int qos, boolean dup) {
        connection.sendPublish(new OutgoingPublish(delivery.topic(), delivery.payload(), qos, delivery.retained(), dup,
                packetId, delivery.properties(), delivery.subscriptionIds()), false);
    }

    /**
     * The next free packet id; never loops for ever. With every id in flight or reserved, the oldest
     * reservation is given up (its message, if it comes back, gets a new id: a queued redelivery
     * could otherwise wait behind a new message for ever); with every id in flight,
     * {@link #NO_PACKET_ID}.
     */
    private int allocatePacketId() {
        for (int tried = 0; tried < MAX_PACKET_ID; tried++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == MAX_PACKET_ID ? 1 : nextPacketId + 1;
            if (!inflight.containsKey(id) && !reservedPacketIds.containsKey(id) && !quarantined.contains(id)) {
                return id;
            }
        }
        if (!quarantined.isEmpty()) {
            int id = quarantined.iterator().next();
            quarantined.remove(id);
            if (!inflight.containsKey(id) && !reservedPacketIds.containsKey(id)) {
                return id;
            }
        }
        if (!redeliveryPacketIds.isEmpty()) {
            return giveUpOldestReservation();
        }
        return NO_PACKET_ID;
    }

    private int giveUpOldestReservation() {
        Iterator<Map.Entry<String, Integer>> oldest = redeliveryPacketIds.entrySet().iterator();
        int id = oldest.next().getValue();
        oldest.remove();
        reservedPacketIds.remove(id);
        return id;
    }

    /** Keeps a packet id for the redelivery of a message; the oldest reservation goes past the window. */
    private void reserve(String messageId, int packetId) {
        Integer earlier = redeliveryPacketIds.put(messageId, packetId);
        if (earlier != null) {
            reservedPacketIds.remove(earlier);
        }
        reservedPacketIds.put(packetId, messageId);
        while (redeliveryPacketIds.size() > settings.maxInflight()) {
            giveUpOldestReservation();
        }
    }

    /** Packet ids kept for redeliveries (for tests of the bound). */
    int reservedPacketIdCount() {
        return reservedPacketIds.size();
    }
}
