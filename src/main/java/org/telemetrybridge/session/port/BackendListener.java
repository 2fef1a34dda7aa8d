package org.telemetrybridge.session.port;

/**
 * Told when the backend connects and when it loses its connection. Called on a backend thread; a
 * listener must not block for long.
 */
public interface BackendListener {

    /** The backend is (again) connected and takes messages. */
    void connected();

    /**
     * The backend lost its connection: every subscription and consumer made before is gone, and the
     * backend is reconnecting.
     */
    void lost();
}
