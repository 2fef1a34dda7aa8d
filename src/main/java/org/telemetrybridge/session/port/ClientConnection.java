package org.telemetrybridge.session.port;

import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * One network connection of a client, as the core sees it. Implemented by the MQTT edge. Every
 * method except {@link #executor()} and {@link #takeOver(String)} must be called on the executor.
 */
public interface ClientConnection {

    /** The thread (a network event loop) that owns this connection and its session while attached. */
    Executor executor();

    String remoteAddress();

    /**
     * Writes a PUBLISH in the client's protocol version. With {@code needWriteConfirmation}, returns a
     * future completed once it was written to the socket; otherwise null.
     */
    CompletableFuture<Void> sendPublish(OutgoingPublish publish, boolean needWriteConfirmation);

    void sendPubrel(int packetId);

    /** QoS 1/2 PUBLISHes the client takes before acknowledging (MQTT 5 Receive Maximum); 3.x has no limit of its own. */
    default int receiveMaximum() {
        return 65_535;
    }

    /**
     * Whether a PUBLISH is larger than the client takes (MQTT 5 Maximum Packet Size); such a message is
     * not sent to it [MQTT-3.1.2-25]. The connection counts and logs it.
     */
    default boolean tooLargeToSend(OutgoingPublish publish) {
        return false;
    }

    /** Whether the socket takes more data now; if not, the session's {@code resumeOutbound()} is called later. */
    boolean writable();

    /** Runs a task on the executor after a delay. */
    ScheduledFuture<?> schedule(Runnable task, long delayMillis);

    /** Closes the connection of a client that stayed too far behind (its will is published). */
    void closeTooSlow(int queued, Duration behindFor);

    /**
     * Closes this connection, from any thread, because another connection with the same client id
     * arrived. The connection then detaches its session as on any close.
     */
    void takeOver(String newRemoteAddress);

    /** Logs every packet of this connection, both ways, for the given time; from any thread. */
    void trace(Duration duration);

    /** What an operator sees of the connection; from any thread. */
    ConnectionInfo info();

    /**
     * When the connection last received and sent a packet, for operators; from any thread.
     *
     * @param lastPacketIn  null if none yet
     * @param lastPacketOut null if none yet
     */
    record Activity(java.time.Instant lastPacketIn, java.time.Instant lastPacketOut) {
    }

    /** The connection's last activity; from any thread. */
    default Activity activity() {
        return new Activity(null, null);
    }

    /**
     * Closes this connection, from any thread, because an operator asked to: with its will published
     * as for a lost connection, or without as after DISCONNECT.
     */
    void disconnectByOperator(boolean publishWill);

    /**
     * Closes this connection, from any thread, because the backend's connection was lost. No will is
     * published: the device did not fail, and the backend could not take the will anyway.
     */
    void dropForBackendLoss();
}
