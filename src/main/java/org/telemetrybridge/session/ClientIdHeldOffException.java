package org.telemetrybridge.session;

/** A connect refused because its client id flaps and is held by the client connected now ({@link TakeOverWatch}). */
public final class ClientIdHeldOffException extends RuntimeException {

    public ClientIdHeldOffException(String clientId) {
        super("client identifier '" + clientId + "' is flapping and held off", null, false, false);
    }
}
