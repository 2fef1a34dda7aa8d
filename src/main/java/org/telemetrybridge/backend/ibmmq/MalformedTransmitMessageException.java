package org.telemetrybridge.backend.ibmmq;

/** A transmission-queue message starts with an MQXQH but its headers cannot be read. */
public class MalformedTransmitMessageException extends RuntimeException {

    public MalformedTransmitMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
