package org.telemetrybridge.session;

/** Told when sessions gain or lose their connection, for parts of the core that keep per-client state. */
public interface SessionListener {

    /** A connection was attached to the session (before CONNACK is sent). */
    default void attached(Session session) {
    }

    /** The session's connection closed; a clean session has ended with it. */
    default void detached(Session session) {
    }

    /** A persistent session was thrown away because its client connected with a clean session. */
    default void discarded(String clientId) {
    }

    /** A persistent session was removed by an operator's purge or its expiry; by default as {@link #discarded}. */
    default void removed(String clientId) {
        discarded(clientId);
    }
}
