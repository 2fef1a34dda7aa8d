package org.telemetrybridge.session.port;

/**
 * The backend refused a device's request for a reason of the device's own (e.g. IBM MQ's MQRC 2035
 * MQRC_NOT_AUTHORIZED for the MQ user the device acts as): a refusal to answer (SUBACK failure) and log
 * as the client's, not a backend failure.
 */
public class BackendRefusedException extends RuntimeException {

    public BackendRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
