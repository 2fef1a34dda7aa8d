package org.telemetrybridge.backend.jms;

import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.DeliverySink;
import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.UndeliverableReason;

/**
 * The held queue, seen from outside the transmit-queue thread: the held messages of one client
 * opened as a subscription, counted, or moved to the dead-letter queue. Every call opens a JMS
 * session of its own, so any thread may call (the backend pool, or the drain's hold-time sweep).
 * Messages are put on the held queue by {@link JmsTransmitQueue}, in the property form.
 */
final class HeldMessages {

    /** Long property of held messages: when (epoch ms) the hold ends; 0 for never. */
    static final String HOLD_UNTIL = "mqtt_hold_until";
    /** String property of held messages: the id of the original message, to recognise a redelivery. */
    static final String ORIGINAL_ID = "mqtt_original_id";
    /**
     * Boolean property of held messages: the original was a TextMessage (the held copy is a BytesMessage of
     * its UTF-8 bytes), so an MQTT 5 client gets Payload Format Indicator 1.
     */
    static final String UTF8 = "mqtt_utf8";

    private final JmsBackend backend;
    private final int persistentQos;
    /**
     * Client id and original id of the messages held shortly before the last connect: a crash between
     * committing a held copy and the (asynchronous) acknowledgement of its original leaves the
     * original on the transmit queue too. The drain recognises it by this and removes it instead of
     * holding it a second time. Bounded; read and emptied by the drain thread. Made anew by each count
     * (at connect, and at each leftover sweep) and swapped in whole, so the drain never sees it half made.
     */
    private volatile java.util.Set<String> recentlyHeld = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final long RECENT_MILLIS = 60_000;
    private static final int MAX_RECENT = 10_000;

    HeldMessages(JmsBackend backend, int persistentQos) {
        this.backend = backend;
        this.persistentQos = persistentQos;
    }

    /** The delivery of a transmit-queue or held message to its client. */
    static Delivery delivery(Message message, TransmitMessage decoded, int persistentQos,
                             Delivery.Acknowledgement acknowledgement) throws JMSException {
        boolean fromSubscription = decoded.subscriptionQos() != TransmitMessage.NO_SUBSCRIPTION;
        Object filter = decoded.properties().get(MessageMapping.SUBSCRIPTION);
        return new Delivery(decoded.topic(), decoded.payload(), qos(decoded, persistentQos),
                false, originalId(message), message.getJMSRedelivered(), acknowledgement, properties(message, decoded), null,
                fromSubscription && Boolean.TRUE.equals(decoded.properties().get(MessageMapping.PUBLISHED_RETAINED)),
                fromSubscription && filter instanceof String named ? named : null, java.util.List.of());
    }

    /**
     * The MQTT 5 properties of a message for one client, mapped as {@link MessageMapping#properties} maps a
     * publication's: its expiry (what is left of it), its user properties and, in the property form (a JMS
     * application's message, or a held copy), JMSType, a TextMessage, a topic JMSReplyTo and JMSCorrelationID.
     * The IBM MQ form's come from its decoder ({@link TransmitMessage#mqtt5()}).
     */
    static MessageProperties properties(Message message, TransmitMessage decoded) throws JMSException {
        List<MessageProperties.UserProperty> user = MessageMapping.userProperties(decoded.properties());
        if (!PropertyFormDecoder.isPropertyForm(message)) {
            // The IBM MQ form: what its decoder read from the MQMD and RFH2 (backend/ibmmq MqmdProperties).
            return decoded.mqtt5().isEmpty() ? new MessageProperties(decoded.expiryMillis(), null, false, null, null,
                    user) : decoded.mqtt5();
        }
        String type = message.getJMSType();
        String correlation = message.getJMSCorrelationID();
        return new MessageProperties(decoded.expiryMillis(), type == null || type.isEmpty() ? null : type,
                message instanceof TextMessage || message.propertyExists(UTF8) && message.getBooleanProperty(UTF8),
                message.getJMSReplyTo() instanceof Topic topic ? topic.getTopicName() : null,
                correlation == null ? null : MessageMapping.correlationData(correlation), user);
    }

    /**
     * Keeps on a held copy what {@link #properties} reads from a property-form original's JMS header and
     * type, which the copy (a BytesMessage) would not have by itself.
     */
    static void keepProperties(Message original, Message heldCopy) throws JMSException {
        if (!PropertyFormDecoder.isPropertyForm(original)) {
            return;
        }
        heldCopy.setJMSType(original.getJMSType());
        heldCopy.setJMSCorrelationID(original.getJMSCorrelationID());
        heldCopy.setJMSReplyTo(original.getJMSReplyTo());
        if (original instanceof TextMessage || original.propertyExists(UTF8) && original.getBooleanProperty(UTF8)) {
            heldCopy.setBooleanProperty(UTF8, true);
        }
    }

    /**
     * The QoS a message goes to its client at. Point to point: {@code persistentQos} if persistent, else
     * 0. A publication a device subscription put: its own QoS (non-persistent 0, persistent the
     * publishing device's where known, else 1), capped by the subscription's [MQTT-3.8.4-8].
     */
    static int qos(TransmitMessage decoded, int persistentQos) {
        if (decoded.subscriptionQos() == TransmitMessage.NO_SUBSCRIPTION) {
            return decoded.persistent() ? persistentQos : 0;
        }
        int own = 0;
        if (decoded.persistent()) {
            own = decoded.properties().get(MessageMapping.QOS) instanceof Number publisher
                    && publisher.intValue() == 2 ? 2 : 1;
        }
        return Math.min(own, decoded.subscriptionQos());
    }

    /**
     * The id of the message first put to the transmit queue, kept across its hold. A device subscription's
     * copy is known by the publication's id and the subscription's name: overlapping subscriptions of one
     * client each put a copy of the same publication, and each copy is delivered (and recognised after a
     * crash) on its own, never taken for another's duplicate.
     */
    static String originalId(Message message) throws JMSException {
        String original = message.getStringProperty(ORIGINAL_ID);
        if (original != null) {
            return original;
        }
        String subscription = message.getStringProperty(PropertyFormDecoder.SUBSCRIPTION_NAME);
        return subscription == null ? message.getJMSMessageID() : message.getJMSMessageID() + '/' + subscription;
    }

    /** The held messages of one client, delivered to the sink while the subscription is open. */
    BackendSubscription open(String clientId, DeliverySink sink) {
        try {
            Session session = backend.createDurableSession();
            try {
                PropertyFormDecoder decoder = new PropertyFormDecoder();
                return AckingSubscription.open(backend, session, MqObjectNames.HELD_QUEUE,
                        opened -> opened.createConsumer(opened.createQueue(MqObjectNames.HELD_QUEUE),
                                clientSelector(clientId)),
                        (message, acknowledgement) -> {
                            try {
                                TransmitMessage decoded = decoder.decode(message);
                                sink.deliver(delivery(message, decoded, persistentQos, acknowledgement));
                            } catch (JMSException | RuntimeException e) {
                                BridgeLog.backendDeliveryFailed(MqObjectNames.HELD_QUEUE, e);
                            }
                        });
            } catch (JMSException | RuntimeException e) {
                JmsBackend.closeQuietly(session);
                throw e;
            }
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot open the held messages of '" + clientId + "'", e);
        }
    }

    /**
     * How many messages wait on the held queue, per client. Read at each connect, so first the
     * messages of the held queue of earlier versions are moved over.
     */
    Map<String, Integer> counts() {
        moveLegacyHeldMessages();
        Map<String, Integer> counts = new HashMap<>();
        java.util.Set<String> recent = java.util.concurrent.ConcurrentHashMap.newKeySet();
        long recentSince = System.currentTimeMillis() - RECENT_MILLIS;
        try {
            Session session = connected().createSession(false, Session.AUTO_ACKNOWLEDGE);
            try {
                Queue held = session.createQueue(MqObjectNames.HELD_QUEUE);
                QueueBrowser browser = session.createBrowser(held);
                for (Enumeration<?> messages = browser.getEnumeration(); messages.hasMoreElements(); ) {
                    Message message = (Message) messages.nextElement();
                    String clientId = message.getStringProperty(PropertyFormDecoder.REMOTE_QMGR_NAME);
                    counts.merge(clientId, 1, Integer::sum);
                    if (message.getJMSTimestamp() >= recentSince && recent.size() < MAX_RECENT) {
                        recent.add(heldKey(clientId, originalId(message)));
                    }
                }
            } finally {
                JmsBackend.closeQuietly(session);
            }
        } catch (JMSException e) {
            throw new BackendUnavailableException("cannot count the messages on " + MqObjectNames.HELD_QUEUE, e);
        }
        recentlyHeld = recent;
        return counts;
    }

    /**
     * Whether a transmit-queue message already has its held copy from before the last connect (a crash
     * came between holding it and removing it); answers true once per message.
     */
    boolean alreadyHeld(String clientId, Message transmitMessage) throws JMSException {
        java.util.Set<String> recent = recentlyHeld;
        return !recent.isEmpty() && recent.remove(heldKey(clientId, originalId(transmitMessage)));
    }

    private static String heldKey(String clientId, String originalId) {
        return clientId + '\u0000' + originalId;
    }

    /** Moves every held message of one client to the dead-letter queue; returns how many. */
    int deadLetterHeld(String clientId, UndeliverableReason reason) {
        Map<String, Integer> moved = moveToDeadLetters(clientSelector(clientId), reason);
        int count = moved.getOrDefault(clientId, 0);
        if (count > 0) {
            BridgeLog.heldDeadLettered(clientId, count, reason.text());
        }
        return count;
    }

    /**
     * Removes every held message of one client without a trace but the count returned, in transactions of
     * at most {@link #LEGACY_MOVE_BATCH} messages (MAXUMSGS): for {@code bridge.clean-up.waiting-messages=discard}.
     */
    int discardHeld(String clientId) {
        int discarded = 0;
        try {
            Session session = connected().createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer held = session.createConsumer(session.createQueue(MqObjectNames.HELD_QUEUE),
                    clientSelector(clientId))) {
                int inBatch;
                do {
                    inBatch = 0;
                    while (inBatch < LEGACY_MOVE_BATCH && held.receive(200) != null) {
                        inBatch++;
                    }
                    session.commit();
                    discarded += inBatch;
                } while (inBatch == LEGACY_MOVE_BATCH);
            } finally {
                JmsBackend.closeQuietly(session);
            }
        } catch (JMSException e) {
            BridgeLog.transmitFailed("discarding the held messages of client '" + clientId + "'", e);
        }
        return discarded;
    }

    /** Moves the held messages a selector picks to the dead-letter queue; counts them per client. */
    Map<String, Integer> moveToDeadLetters(String selector, UndeliverableReason reason) {
        Map<String, Integer> moved = new HashMap<>();
        try {
            Session session = connected().createSession(true, Session.SESSION_TRANSACTED);
            try {
                MessageConsumer held = session.createConsumer(session.createQueue(MqObjectNames.HELD_QUEUE), selector);
                JmsDialect dialect = backend.dialect();
                MessageProducer deadLetters = null;
                MessageProducer reports = null;
                Message message;
                while ((message = held.receive(200)) != null) {
                    String clientId = message.getStringProperty(PropertyFormDecoder.REMOTE_QMGR_NAME);
                    JmsDialect.Undeliverable fate = dialect.undeliverable(session, message, reason, clientId);
                    if (fate.deadLetter() != null && dialect.deadLetterQueue() == null) {
                        // Nowhere to move it: every message stays held, as if nothing had been tried.
                        session.rollback();
                        BridgeLog.noDeadLetterQueue(clientId,
                                message.getStringProperty(PropertyFormDecoder.REMOTE_QNAME), reason.mqReason(),
                                reason.text());
                        return Map.of();
                    }
                    if (fate.report() != null) {
                        reports = reports != null ? reports : session.createProducer(null);
                        reports.send(fate.reportTo(), fate.report());
                    }
                    if (fate.deadLetter() != null) {
                        deadLetters = deadLetters != null ? deadLetters
                                : session.createProducer(dialect.deadLetterQueue(session));
                        deadLetters.send(fate.deadLetter(), message.getJMSDeliveryMode(), Message.DEFAULT_PRIORITY, 0);
                    }
                    moved.merge(clientId, 1, Integer::sum);
                }
                session.commit();
            } finally {
                JmsBackend.closeQuietly(session);
            }
        } catch (JMSException e) {
            BridgeLog.transmitFailed("moving held messages to the dead-letter queue", e);
            return Map.of();
        }
        return moved;
    }

    /** Moves of the old held queue per transaction, so that one commit stays within MAXUMSGS. */
    private static final int LEGACY_MOVE_BATCH = 500;

    /**
     * Moves every message of {@link MqObjectNames#LEGACY_HELD_QUEUE} to the held queue, properties and
     * all, in batches; the old queue is left empty for the administrator to delete (TBR0231I).
     */
    private void moveLegacyHeldMessages() {
        if (!backend.dialect().legacyHeldQueueExists()) {
            return;
        }
        int moved = 0;
        try {
            Session session = connected().createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer legacy = session.createConsumer(session.createQueue(MqObjectNames.LEGACY_HELD_QUEUE));
                 MessageProducer held = session.createProducer(session.createQueue(MqObjectNames.HELD_QUEUE))) {
                int inBatch;
                do {
                    inBatch = 0;
                    Message message;
                    while (inBatch < LEGACY_MOVE_BATCH && (message = legacy.receiveNoWait()) != null) {
                        held.send(message, message.getJMSDeliveryMode(), message.getJMSPriority(),
                                remainingTimeToLive(message));
                        inBatch++;
                    }
                    session.commit();
                    moved += inBatch;
                } while (inBatch == LEGACY_MOVE_BATCH);
            } finally {
                JmsBackend.closeQuietly(session);
            }
        } catch (jakarta.jms.InvalidDestinationException e) {
            return; // IBM MQ: no such queue (MQRC 2085), nothing to move.
        } catch (JMSException e) {
            BridgeLog.transmitFailed("moving held messages from " + MqObjectNames.LEGACY_HELD_QUEUE, e);
            return;
        }
        if (moved > 0) {
            BridgeLog.legacyHeldQueueDrained(moved, MqObjectNames.LEGACY_HELD_QUEUE, MqObjectNames.HELD_QUEUE);
        }
    }

    private static long remainingTimeToLive(Message message) throws JMSException {
        long expiration = message.getJMSExpiration();
        return expiration == 0 ? 0 : Math.max(1, expiration - System.currentTimeMillis());
    }

    private jakarta.jms.Connection connected() {
        jakarta.jms.Connection connection = backend.connection();
        if (connection == null) {
            throw new BackendUnavailableException("the backend is not connected", null);
        }
        return connection;
    }

    private static String clientSelector(String clientId) {
        return PropertyFormDecoder.REMOTE_QMGR_NAME + " = '" + clientId.replace("'", "''") + "'";
    }
}
