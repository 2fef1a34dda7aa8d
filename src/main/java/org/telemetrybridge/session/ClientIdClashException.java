package org.telemetrybridge.session;

/** A connect refused because the client's pseudo queue manager name clashes with another session's. */
public final class ClientIdClashException extends RuntimeException {

    private final String other;

    public ClientIdClashException(String clientId, String other) {
        super("client identifier '" + clientId + "' would share its queue manager name with client '" + other + "'",
                null, false, false);
        this.other = other;
    }

    /** The client already holding the name. */
    public String other() {
        return other;
    }
}
