package org.telemetrybridge.mqtt;

import java.util.Locale;

/** Why a connected client's connection ended, as counted in {@code bridge_mqtt_disconnects_total{reason}}. */
public enum DisconnectReason {
    /** The client sent DISCONNECT. */
    CLIENT_DISCONNECT,
    /** The socket closed or failed without DISCONNECT (network, client crash). */
    CONNECTION_LOST,
    /** Silent for 1.5 times its keep-alive. */
    KEEP_ALIVE_TIMEOUT,
    /** Another connection with the same client id arrived. */
    TAKEN_OVER,
    /** A malformed packet, a packet the protocol forbids, a refused topic or a packet too large. */
    PROTOCOL_ERROR,
    /** An operator disconnected or purged it. */
    OPERATOR,
    /** It stayed too far behind (bridge.session.max-queued-messages). */
    TOO_SLOW,
    /** The backend refused or failed one of its publications. */
    BACKEND_ERROR,
    /** The backend's connection was lost; every client is dropped. */
    BACKEND_LOST,
    /** The bridge is stopping. */
    SERVER_SHUTDOWN;

    /** The value of the metric's {@code reason} tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
