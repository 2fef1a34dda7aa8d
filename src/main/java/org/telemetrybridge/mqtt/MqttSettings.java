package org.telemetrybridge.mqtt;

import java.time.Duration;

/**
 * Settings of the MQTT listeners.
 *
 * @param host                 the address to bind, all interfaces by default
 * @param port                 the TCP port; 0 picks a free one
 * @param maxPacketSize        the largest MQTT packet accepted, in bytes
 * @param connectTimeout       how long a new connection may take to send CONNECT
 * @param ioThreads            network event loop threads; 0 means one per processor
 * @param backlog              pending connections the listen socket holds (MQXR's BACKLOG)
 * @param maxConnections       open connections at most; further ones are closed as they arrive
 * @param maxKeepAliveSeconds  the longest keep-alive the bridge honours, 0 for no maximum; a client
 *                             asking for 0 (none) or more gets this one applied
 * @param partialPacketBudget  bytes that all packets still arriving may hold together
 * @param packetArrivalTimeout how long one packet may take from its first byte to its last
 */
public record MqttSettings(String host, int port, int maxPacketSize, Duration connectTimeout, int ioThreads,
                           int backlog,
                           int maxConnections, int maxKeepAliveSeconds, long partialPacketBudget,
                           Duration packetArrivalTimeout) {
}
