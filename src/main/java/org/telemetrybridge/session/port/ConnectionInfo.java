package org.telemetrybridge.session.port;

import java.time.Instant;

/**
 * What an operator sees of one connection.
 *
 * @param remoteAddress    the client's address and port
 * @param listener         the listener it connected to
 * @param protocolLevel    3 for MQTT 3.1, 4 for 3.1.1
 * @param keepAliveSeconds the keep-alive applied (0: none)
 * @param connectedSince   when CONNACK was sent
 * @param userName         the authenticated user, or null
 */
public record ConnectionInfo(String remoteAddress, String listener, int protocolLevel, int keepAliveSeconds,
                             Instant connectedSince, String userName) {
}
