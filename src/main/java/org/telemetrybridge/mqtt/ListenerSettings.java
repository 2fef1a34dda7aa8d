package org.telemetrybridge.mqtt;

/**
 * The settings of one listener, like the attributes of an MQ Telemetry channel.
 *
 * @param name             the listener's name, in logs, metrics and authentication
 * @param host             the address to bind, all interfaces when empty (LOCLADDR)
 * @param port             the TCP port; 0 picks a free one (PORT)
 * @param backlog          pending connections the listen socket holds (BACKLOG)
 * @param maxConnections   open connections at most; further ones are closed as they arrive
 * @param transport        how MQTT is carried: TCP, TLS, WebSockets (TRPTYPE, SSLCIPH, SSLCAUTH, SSLKEYR)
 * @param policy           who may connect and what they may do (USECLTID, MCAUSER, JAASCFG)
 * @param anonymousAllowed whether clients without credentials are let in; for the start-up line
 */
public record ListenerSettings(String name, String host, int port, int backlog, int maxConnections,
                               Transport transport, ClientPolicy policy, boolean anonymousAllowed) {
}
