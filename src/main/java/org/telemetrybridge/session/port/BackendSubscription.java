package org.telemetrybridge.session.port;

/** A live subscription in the backend. Closing it stops delivery; a durable subscription stays stored. */
public interface BackendSubscription extends AutoCloseable {

    /** Stops handing out messages for now; they wait in the backend. */
    default void pause() {
    }

    /** Hands out messages again after {@link #pause()}. */
    default void resume() {
    }

    @Override
    void close();
}
