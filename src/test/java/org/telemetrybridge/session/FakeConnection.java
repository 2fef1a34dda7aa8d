package org.telemetrybridge.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.telemetrybridge.session.port.ClientConnection;
import org.telemetrybridge.session.port.OutgoingPublish;

/**
 * A client connection for unit tests of the core: runs the core's work at once on the calling
 * thread, records what the core sends, and detaches its session when it is closed, as the MQTT edge
 * does when its socket closes.
 */
final class FakeConnection implements ClientConnection {

    /** A PUBLISH the core sent. */
    record Sent(String topic, String payload, int qos, boolean retain, boolean dup, int packetId) {
    }

    /** A task the core scheduled; the test runs it when it wants time to have passed. */
    static final class Scheduled implements ScheduledFuture<Object> {
        final Runnable task;
        final long delayMillis;
        boolean cancelled;

        Scheduled(Runnable task, long delayMillis) {
            this.task = task;
            this.delayMillis = delayMillis;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(delayMillis, other.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    final String remoteAddress;
    final List<Sent> sent = new ArrayList<>();
    final List<Integer> pubrels = new ArrayList<>();
    final List<Scheduled> scheduled = new ArrayList<>();
    Session session;
    boolean writable = true;
    String takenOverBy;
    boolean droppedForBackendLoss;
    String closedTooSlow;

    FakeConnection(String remoteAddress) {
        this.remoteAddress = remoteAddress;
    }

    /** Connects through the registry, as the edge does, and starts delivery as after CONNACK. */
    SessionRegistry.Attachment connect(SessionRegistry registry, String clientId, boolean cleanSession, Will will) {
        SessionRegistry.Attachment attachment = registry.connect(clientId, cleanSession, will, this).join();
        session = attachment.session();
        session.startDelivery();
        return attachment;
    }

    /** The socket closed: the session is detached, as the edge does on channelInactive. */
    void close(boolean cleanDisconnect) {
        if (session != null) {
            session.detach(this, cleanDisconnect);
        }
    }

    List<String> payloads() {
        return sent.stream().map(Sent::payload).toList();
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public CompletableFuture<Void> sendPublish(OutgoingPublish publish, boolean needWriteConfirmation) {
        sent.add(new Sent(publish.topic(), new String(publish.payload()), publish.qos(), publish.retain(), publish.dup(),
                publish.packetId()));
        return needWriteConfirmation ? CompletableFuture.completedFuture(null) : null;
    }

    @Override
    public void sendPubrel(int packetId) {
        pubrels.add(packetId);
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        Scheduled future = new Scheduled(task, delayMillis);
        scheduled.add(future);
        return future;
    }

    @Override
    public void closeTooSlow(int queued, Duration behindFor) {
        closedTooSlow = queued + " queued for " + behindFor;
        close(false);
    }

    @Override
    public void takeOver(String newRemoteAddress) {
        takenOverBy = newRemoteAddress;
        close(false);
    }

    @Override
    public void dropForBackendLoss() {
        droppedForBackendLoss = true;
        close(false);
    }

    /** The authenticated user the connection reports; null for an anonymous client. */
    volatile String userName;

    @Override
    public org.telemetrybridge.session.port.ConnectionInfo info() {
        return new org.telemetrybridge.session.port.ConnectionInfo("fake", "test", 4, 0, null, userName);
    }

    @Override
    public void disconnectByOperator(boolean publishWill) {
        close(!publishWill);
    }

    @Override
    public void trace(java.time.Duration duration) {
    }
}
