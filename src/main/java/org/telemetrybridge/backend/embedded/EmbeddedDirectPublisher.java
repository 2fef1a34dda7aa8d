package org.telemetrybridge.backend.embedded;

import java.util.List;
import java.util.concurrent.CompletableFuture;

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

import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.backend.jms.BatchingThread;
import org.telemetrybridge.backend.jms.DirectPublisher;
import org.telemetrybridge.backend.jms.MessageMapping;

/**
 * Routes device publications straight into the embedded broker's post office, in the bridge's
 * process: no JMS client, no in-VM connection encoding and decoding each message, no hand-over to
 * the broker's session thread. The message is the one a JMS {@code BytesMessage} would have become.
 * QoS 0 is routed on the caller's thread; QoS 1 and 2 go through one thread that routes what waits
 * in one transaction and completes them when the journal has it (group commit).
 */
final class EmbeddedDirectPublisher implements DirectPublisher {

    private static final int MAX_BATCH = 512;
    /** The encoded size of the message's fixed headers and of its property names and types, rounded up. */
    private static final int HEADERS_AND_PROPERTY_NAMES = 256;
    private static final SimpleString QOS = SimpleString.of(MessageMapping.QOS);
    private static final SimpleString CLIENT_ID = SimpleString.of(MessageMapping.CLIENT_ID);
    private static final SimpleString ORIGIN = SimpleString.of(MessageMapping.ORIGIN);

    private record Pending(Message message, CompletableFuture<Void> done) implements BatchingThread.Work {
    }

    private final ActiveMQServer server;
    private final SimpleString origin;
    private final BatchingThread<Pending> groupCommit;

    EmbeddedDirectPublisher(ActiveMQServer server, String origin) {
        this.server = server;
        this.origin = SimpleString.of(origin);
        this.groupCommit = new BatchingThread<>("tb-direct-publisher", MAX_BATCH, this::useOwnOperationContext,
                this::routeAndCommit);
        this.groupCommit.start();
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
        return groupCommit.submit(new Pending(message, new CompletableFuture<>()));
    }

    /** Journal completion callbacks hang off the calling thread's operation context. */
    private void useOwnOperationContext() {
        StorageManager storage = server.getStorageManager();
        storage.setContext(storage.newContext(server.getExecutorFactory().getExecutor()));
    }

    /**
     * Routes a batch in one transaction. If routing or the commit fails, each publication is routed
     * again in a transaction of its own, so that one the broker refuses (an address full with the
     * FAIL policy, say) fails only its own client.
     */
    private void routeAndCommit(List<Pending> batch) {
        try {
            routeInOneTransaction(batch);
        } catch (Exception e) {
            if (batch.size() == 1) {
                fail(batch, e);
                return;
            }
            for (Pending pending : batch) {
                try {
                    routeInOneTransaction(List.of(pending));
                } catch (Exception alone) {
                    fail(List.of(pending), alone);
                }
            }
        }
    }

    private void routeInOneTransaction(List<Pending> batch) throws Exception {
        StorageManager storage = server.getStorageManager();
        Transaction tx = new TransactionImpl(storage);
        try {
            for (Pending pending : batch) {
                server.getPostOffice().route(pending.message, tx, true);
            }
            tx.commit();
        } catch (Exception e) {
            try {
                tx.rollback();
            } catch (Exception alreadyEnded) {
                e.addSuppressed(alreadyEnded);
            }
            throw e;
        }
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
        groupCommit.stop();
    }
}
