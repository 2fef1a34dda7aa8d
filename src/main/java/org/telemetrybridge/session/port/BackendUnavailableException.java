package org.telemetrybridge.session.port;

/** The backend (queue manager or embedded broker) cannot be reached or refused an operation. */
public class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
