package org.telemetrybridge.backend.embedded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.zip.InflaterInputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import jakarta.jms.JMSException;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.client.impl.ClientMessageImpl;
import org.apache.activemq.artemis.core.filter.Filter;
import org.apache.activemq.artemis.core.message.LargeBodyReader;
import org.apache.activemq.artemis.core.persistence.StorageManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Consumer;
import org.apache.activemq.artemis.core.server.HandleStatus;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.transaction.impl.TransactionImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.jms.client.JMSExceptionHelper;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.jms.DeadLetterCopy;
import org.telemetrybridge.backend.jms.PropertyFormDecoder;
import org.telemetrybridge.backend.jms.TransmitSource;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.UndeliverableReason;

/**
 * Reads SYSTEM.MQTT.TRANSMIT.QUEUE from inside the embedded broker: a consumer added to the queue
 * itself, as Artemis' own core bridges are, instead of a JMS consumer on the in-VM connection. Each
 * message then crosses no in-VM connection (a packet encoded and decoded, a hand-over to the
 * client's thread, and the same again for every acknowledgement); the drain gets the JMS message a
 * JMS consumer would have given it, decoded from the same bytes.
 *
 * <p>The broker hands messages over on its queue's thread into a buffer of at most
 * {@link #MAX_BUFFERED} messages, as a JMS consumer's window bounds what it takes; past it the queue
 * keeps them (in memory or paged, as it would anyway: the buffer holds only references).
 * Acknowledgements go into one broker transaction, committed by {@link #commitAcknowledgements()}.
 * Closing gives back what was not settled, and a crash leaves it on the queue: either way it is
 * delivered again.
 *
 * <p>A message whose body is larger than the bridge delivers (bridge.mqtt.max-packet-size), or that
 * inflates to more, is not read: it is moved, inside the broker, to the dead-letter queue (a large
 * message's file copied, never held in memory) with reason 2218, as an MQ channel treats a message
 * over its MAXMSGL. Otherwise a sender could fill the bridge's heap with one message, or with a small
 * compressed one that inflates to gigabytes.
 */
final class EmbeddedTransmitSource implements TransmitSource, Consumer {

    /** What the broker may hand over before the drain takes it. */
    static final int MAX_BUFFERED = 1000;

    private final ActiveMQServer server;
    private final Queue queue;
    private final long id;
    private final long maxBodyBytes;
    private final java.util.function.Consumer<UndeliverableReason> deadLettered;
    /** Handed over by the queue, not yet taken by the drain, in queue order. */
    private final LinkedBlockingDeque<MessageReference> buffer = new LinkedBlockingDeque<>();
    /** The queue was told BUSY and waits to be asked for more. */
    private volatile boolean waiting;
    private volatile boolean closed;
    /** Taken by the drain and not yet removed, by message id, in order; drain thread only. */
    private final Map<Long, MessageReference> received = new LinkedHashMap<>();
    /** The open transaction of {@link #acknowledgeLater}; drain thread only. */
    private Transaction acknowledgements;

    /**
     * @param maxBodyBytes the largest body delivered; a larger one goes to the dead-letter queue unread
     * @param deadLettered told of each message this source moves to the dead-letter queue itself
     */
    EmbeddedTransmitSource(ActiveMQServer server, long maxBodyBytes,
                           java.util.function.Consumer<UndeliverableReason> deadLettered) throws JMSException {
        this.server = server;
        this.maxBodyBytes = maxBodyBytes;
        this.deadLettered = deadLettered;
        this.queue = server.locateQueue(SimpleString.of(MqObjectNames.TRANSMIT_QUEUE));
        if (queue == null) {
            throw new JMSException("The embedded broker has no queue " + MqObjectNames.TRANSMIT_QUEUE);
        }
        this.id = server.getStorageManager().generateID();
        // Journal completions of the drain thread's commits hang off its own operation context.
        StorageManager storage = server.getStorageManager();
        storage.setContext(storage.newContext(server.getExecutorFactory().getExecutor()));
        try {
            queue.addConsumer(this);
        } catch (Exception e) {
            throw asJmsException("adding the drain to " + MqObjectNames.TRANSMIT_QUEUE, e);
        }
        queue.deliverAsync();
    }

    // --- the broker's side: called on the queue's thread -------------------------------------------

    @Override
    public HandleStatus handle(MessageReference reference) {
        if (closed) {
            return HandleStatus.BUSY;
        }
        if (buffer.size() >= MAX_BUFFERED) {
            waiting = true;
            return HandleStatus.BUSY;
        }
        reference.handled();
        reference.setConsumerId(id);
        reference.incrementDeliveryCount();
        buffer.add(reference);
        return HandleStatus.HANDLED;
    }

    @Override
    public void proceedDeliver(MessageReference reference) {
        // Handed over in handle(): the drain's thread takes it from the buffer.
    }

    @Override
    public Filter getFilter() {
        return null;
    }

    @Override
    public List<MessageReference> getDeliveringMessages() {
        return new ArrayList<>(buffer);
    }

    @Override
    public String debug() {
        return toString();
    }

    @Override
    public String toManagementString() {
        return "telemetry bridge transmit-queue drain " + id;
    }

    @Override
    public void disconnect() {
        // The drain closes the source itself; the broker asks this only of remote consumers.
    }

    @Override
    public void failed(Throwable failure) {
        BridgeLog.transmitFailed("delivering from the transmit queue inside the embedded broker", failure);
    }

    @Override
    public long sequentialID() {
        return id;
    }

    @Override
    public String toString() {
        return toManagementString();
    }

    // --- the drain's side: its thread only ------------------------------------------------------------

    @Override
    public jakarta.jms.Message receive(long timeoutMillis) throws JMSException {
        long wait = timeoutMillis;
        while (true) {
            MessageReference reference = next(wait);
            if (reference == null) {
                return null;
            }
            received.put(reference.getMessageID(), reference); // given back on close, whatever happens next
            jakarta.jms.Message message = asJmsMessage(reference);
            if (message != null) {
                return message;
            }
            deadLetterTooLarge(reference);
            wait = 0; // the time asked for was spent on a message, as when one is returned
        }
    }

    private MessageReference next(long timeoutMillis) {
        MessageReference reference;
        try {
            reference = timeoutMillis == 0 ? buffer.poll() : buffer.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (waiting && buffer.size() < MAX_BUFFERED / 2) {
            waiting = false;
            queue.deliverAsync();
        }
        return reference;
    }

    /**
     * Moves a message too large to deliver to the dead-letter queue inside the broker: a copy with the
     * reason in the same properties {@link DeadLetterCopy} sets, and its removal from the transmit queue,
     * in one transaction. Failing that, it stays received (given back on close) and the drain reconnects.
     */
    private void deadLetterTooLarge(MessageReference reference) throws JMSException {
        UndeliverableReason reason = UndeliverableReason.MESSAGE_TOO_LARGE;
        Message original = reference.getMessage();
        String clientId = stringProperty(original, PropertyFormDecoder.REMOTE_QMGR_NAME);
        String topic = stringProperty(original, PropertyFormDecoder.REMOTE_QNAME);
        StorageManager storage = server.getStorageManager();
        try {
            Message copy = original.copy(storage.generateID(), true);
            if (copy == null) {
                throw new ActiveMQException("the broker could not copy the message's file");
            }
            copy.setAddress(SimpleString.of(MqObjectNames.DEAD_LETTER_QUEUE));
            copy.referenceOriginalMessage(original, queue.getName());
            copy.setExpiration(0);
            copy.setRoutingType(RoutingType.ANYCAST);
            copy.putIntProperty(DeadLetterCopy.REASON_CODE, reason.mqReason());
            copy.putStringProperty(DeadLetterCopy.REASON, reason.text());
            if (clientId != null) {
                copy.putStringProperty(DeadLetterCopy.CLIENT_ID, clientId);
            }
            copy.reencode();
            Transaction move = new TransactionImpl(storage);
            server.getPostOffice().route(copy, move, false);
            queue.acknowledge(move, reference);
            move.commit();
        } catch (Exception e) {
            throw asJmsException("moving a message too large to deliver to " + MqObjectNames.DEAD_LETTER_QUEUE, e);
        }
        received.remove(reference.getMessageID());
        deadLettered.accept(reason);
        BridgeLog.deadLettered(clientId, topic, reason.text(), reason.mqReason(), MqObjectNames.DEAD_LETTER_QUEUE);
    }

    private static String stringProperty(Message message, String name) {
        Object value = message.getObjectProperty(name);
        return value == null ? null : value.toString();
    }

    @Override
    public void acknowledgeLater(jakarta.jms.Message message) throws JMSException {
        MessageReference reference = received.remove(messageId(message));
        if (reference == null) {
            return; // received from this source before it was closed: given back already
        }
        if (acknowledgements == null) {
            acknowledgements = new TransactionImpl(server.getStorageManager());
        }
        try {
            queue.acknowledge(acknowledgements, reference);
        } catch (Exception e) {
            throw asJmsException("acknowledging a delivered message", e);
        }
    }

    /** Commits without waiting for the journal, as a JMS acknowledge does by default. */
    @Override
    public void commitAcknowledgements() throws JMSException {
        Transaction committing = acknowledgements;
        acknowledgements = null;
        if (committing != null) {
            try {
                committing.commit();
            } catch (Exception e) {
                throw asJmsException("committing acknowledgements", e);
            }
        }
    }

    @Override
    public void remove(jakarta.jms.Message message) throws JMSException {
        MessageReference reference = received.remove(messageId(message));
        if (reference == null) {
            return;
        }
        try {
            queue.acknowledge(reference);
        } catch (Exception e) {
            throw asJmsException("removing a settled message", e);
        }
    }

    /**
     * Stops the queue's deliveries, rolls back acknowledgements not committed, and cancels the rest
     * back onto the queue, last first, so that they keep their order at its head.
     */
    @Override
    public void close() {
        closed = true;
        queue.removeConsumer(this); // waits for a delivery in progress: nothing is handed over after it
        if (acknowledgements != null) {
            try {
                acknowledgements.rollback();
            } catch (Exception e) {
                BridgeLog.transmitFailed("giving back acknowledged messages", e);
            }
            acknowledgements = null;
        }
        List<MessageReference> unsettled = new ArrayList<>(received.values());
        unsettled.addAll(buffer);
        received.clear();
        buffer.clear();
        long timeBase = System.currentTimeMillis();
        for (int i = unsettled.size() - 1; i >= 0; i--) {
            try {
                queue.cancel(unsettled.get(i), timeBase);
            } catch (Exception e) {
                BridgeLog.transmitFailed("giving back an unsettled message", e);
            }
        }
        queue.deliverAsync();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * The JMS message a JMS consumer would have received: the client message decoded from the bytes
     * the broker would have sent it. A large message (kept in a file of the broker's and streamed to a
     * JMS consumer in chunks) is read whole, and a compressed one inflated, as the JMS client does.
     */
    private jakarta.jms.Message asJmsMessage(MessageReference reference) throws JMSException {
        Message message = reference.getMessage();
        try {
            ClientMessageImpl copy = new ClientMessageImpl();
            boolean compressed = Boolean.TRUE.equals(message.getBooleanProperty(Message.HDR_LARGE_COMPRESSED));
            if (message instanceof LargeServerMessage || compressed) {
                byte[] body = message instanceof LargeServerMessage large ? largeBody(large) : regularBody(message);
                if (body != null && compressed) {
                    body = inflated(body);
                }
                if (body == null) {
                    return null;
                }
                copy.receiveBuffer(encoded(whole(message, body)));
            } else if (message.toCore().getBodyBufferSize() > maxBodyBytes) {
                return null;
            } else {
                copy.receiveBuffer(encoded(message));
            }
            copy.setDeliveryCount(reference.getDeliveryCount());
            ActiveMQMessage jms = ActiveMQMessage.createMessage(copy, null);
            jms.doBeforeReceive();
            return jms;
        } catch (ActiveMQException e) {
            throw JMSExceptionHelper.convertFromActiveMQException(e);
        }
    }

    private static ByteBuf encoded(Message message) {
        Message core = message.toCore();
        ByteBuf bytes = Unpooled.buffer(core.getEncodeSize());
        core.sendBuffer(bytes, 0);
        return bytes;
    }

    /** A regular message with the headers and properties of the one given, and this body. */
    private static Message whole(Message headers, byte[] body) {
        ClientMessageImpl whole = new ClientMessageImpl(headers.toCore().getType(), headers.isDurable(),
                headers.getExpiration(), headers.getTimestamp(), headers.getPriority(), body.length + 1024);
        whole.setMessageID(headers.getMessageID());
        whole.setUserID(headers.getUserID());
        whole.setAddress(headers.getAddressSimpleString());
        for (SimpleString name : headers.getPropertyNames()) {
            if (!name.equals(Message.HDR_LARGE_COMPRESSED) && !name.equals(Message.HDR_LARGE_BODY_SIZE)) {
                whole.putObjectProperty(name, headers.getObjectProperty(name));
            }
        }
        whole.getBodyBuffer().writeBytes(body);
        return whole;
    }

    /** The body, or null if it is larger than {@link #maxBodyBytes}. */
    private byte[] regularBody(Message message) {
        ActiveMQBuffer body = message.toCore().getReadOnlyBodyBuffer();
        if (body.readableBytes() > maxBodyBytes) {
            return null;
        }
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return bytes;
    }

    /** The body read from the broker's file, or null (not read) if it is larger than {@link #maxBodyBytes}. */
    private byte[] largeBody(LargeServerMessage large) throws ActiveMQException {
        try (LargeBodyReader reader = large.getLargeBodyReader()) {
            reader.open();
            long size = reader.getSize();
            if (size > maxBodyBytes) {
                return null;
            }
            ByteBuffer body = ByteBuffer.allocate((int) size);
            while (body.hasRemaining() && reader.readInto(body) > 0) {
                // reads until the body is whole
            }
            return body.array();
        }
    }

    /**
     * What a JMS producer with compressLargeMessage deflated, or null if it inflates to more than
     * {@link #maxBodyBytes}: inflating stops there, so a small message cannot inflate to gigabytes.
     */
    private byte[] inflated(byte[] deflated) throws ActiveMQException {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated))) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            return body.length > maxBodyBytes ? null : body;
        } catch (IOException e) {
            throw new ActiveMQException("a compressed message that does not inflate: " + e.getMessage());
        }
    }

    private static long messageId(jakarta.jms.Message message) {
        return ((ActiveMQMessage) message).getCoreMessage().getMessageID();
    }

    private static JMSException asJmsException(String doing, Exception cause) {
        JMSException failure = new JMSException("The embedded broker failed " + doing + ": " + cause);
        failure.setLinkedException(cause);
        failure.initCause(cause);
        return failure;
    }
}
