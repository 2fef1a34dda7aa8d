package org.telemetrybridge.backend;

/** A live subscription in the backend. Closing it stops delivery; a durable subscription stays stored. */
public interface BackendSubscription extends AutoCloseable {

    @Override
    void close();
}
