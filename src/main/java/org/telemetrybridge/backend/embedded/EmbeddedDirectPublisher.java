package org.telemetrybridge.backend.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.io.IOCallback;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.persistence.StorageManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.transaction.impl.TransactionImpl;
import org.apache.activemq.artemis.utils.UUIDGenerator;

import org.telemetrybridge.backend.BackendUnavailableException;
import org.telemetrybridge.backend.Publication;
import org.telemetrybridge.backend.jms.DirectPublisher;
import org.telemetrybridge.backend.jms.MessageMapping;

/**
 * Routes device publications straight into the embedded broker's post office, in the bridge's
 * process: no JMS client, no in-VM connection encoding and decoding each message, no hand-over to
 * the broker's session thread. The message is the one a JMS {@code BytesMessage} would have become.
 * QoS 0 is routed on the caller's thread; QoS 1 and 2 go through one thread that routes what waits
 * in one transaction and completes them when the journal has it (group commit).
 */
final class EmbeddedDirectPublisher implements DirectPublisher, Runnable {

    private static final int MAX_BATCH = 512;
    /** The encoded size of the message's fixed headers and of its property names and types, rounded up. */
    private static final int HEADERS_AND_PROPERTY_NAMES = 256;
    private static final SimpleString QOS = SimpleString.of(MessageMapping.QOS);
    private static final SimpleString CLIENT_ID = SimpleString.of(MessageMapping.CLIENT_ID);
    private static final SimpleString ORIGIN = SimpleString.of(MessageMapping.ORIGIN);

    private record Pending(Message message, CompletableFuture<Void> done) {
    }

    private final ActiveMQServer server;
    private final SimpleString origin;
    private final BlockingQueue<Pending> durable = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    EmbeddedDirectPublisher(ActiveMQServer server, String origin) {
        this.server = server;
        this.origin = SimpleString.of(origin);
        this.thread = new Thread(this, "tb-direct-publisher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public CompletableFuture<Void> publish(Publication publication) {
        Message message = toMessage(publication);
        if (!publication.persistent()) {
            try {
                server.getPostOffice().route(message, true);
                return CompletableFuture.completedFuture(null);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(
                        new BackendUnavailableException("the embedded broker did not take the message", e));
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new BackendUnavailableException("the bridge is stopping", null));
        } else {
            Pending pending = new Pending(message, done);
            durable.add(pending);
            // stop() may have emptied the queue between the check above and the add: then no one
            // else will ever complete this publication.
            if (!running && durable.remove(pending)) {
                done.completeExceptionally(new BackendUnavailableException("the bridge stopped", null));
            }
        }
        return done;
    }

    @Override
    public void run() {
        StorageManager storage = server.getStorageManager();
        // Completion callbacks hang off this thread's operation context.
        storage.setContext(storage.newContext(server.getExecutorFactory().getExecutor()));
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Pending first = durable.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                durable.drainTo(batch, MAX_BATCH - 1);
                routeAndCommit(storage, List.copyOf(batch));
            } catch (InterruptedException e) {
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void routeAndCommit(StorageManager storage, List<Pending> batch) {
        try {
            Transaction tx = new TransactionImpl(storage);
            for (Pending pending : batch) {
                server.getPostOffice().route(pending.message, tx, true);
            }
            tx.commit();
            storage.afterCompleteOperations(new IOCallback() {
                @Override
                public void done() {
                    batch.forEach(pending -> pending.done.complete(null));
                }

                @Override
                public void onError(int errorCode, String errorMessage) {
                    fail(batch, new IllegalStateException(errorMessage));
                }
            });
        } catch (Exception e) {
            fail(batch, e);
        }
    }

    private static void fail(List<Pending> batch, Exception cause) {
        BackendUnavailableException failure = new BackendUnavailableException(
                "the embedded broker did not take the message: " + cause, cause);
        batch.forEach(pending -> pending.done.completeExceptionally(failure));
    }

    /** The message a JMS BytesMessage with the bridge's properties becomes in the broker. */
    private Message toMessage(Publication publication) {
        CoreMessage message = new CoreMessage(server.getStorageManager().generateID(), encodedSize(publication));
        message.setAddress(publication.topic());
        message.setRoutingType(RoutingType.MULTICAST);
        message.setType(Message.BYTES_TYPE);
        message.setDurable(publication.persistent());
        message.setPriority((byte) jakarta.jms.Message.DEFAULT_PRIORITY);
        message.setTimestamp(System.currentTimeMillis());
        message.setUserID(UUIDGenerator.getInstance().generateUUID());
        message.getBodyBuffer().writeBytes(publication.payload());
        message.putIntProperty(QOS, publication.qos());
        message.putStringProperty(CLIENT_ID, SimpleString.of(publication.originClientId()));
        message.putStringProperty(ORIGIN, origin);
        return message;
    }

    /**
     * Room for the body and what the broker appends when it encodes the message (headers and
     * properties, strings at two bytes a character), so that encoding does not grow the buffer.
     */
    private int encodedSize(Publication publication) {
        int strings = publication.topic().length() + publication.originClientId().length() + origin.length();
        return publication.payload().length + HEADERS_AND_PROPERTY_NAMES + 2 * strings;
    }

    @Override
    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = durable.poll()) != null) {
            left.done.completeExceptionally(new BackendUnavailableException("the bridge stopped", null));
        }
    }
}
