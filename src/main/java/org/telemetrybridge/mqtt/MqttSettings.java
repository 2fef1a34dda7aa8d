package org.telemetrybridge.mqtt;

import java.time.Duration;

/**
 * Settings every MQTT listener shares; each listener's own are in {@link ListenerSettings}.
 *
 * @param maxPacketSize        the largest MQTT packet accepted, in bytes
 * @param connectTimeout       how long a new connection may take to send CONNECT
 * @param ioThreads            network event loop threads, shared by all listeners
 * @param maxKeepAliveSeconds  the longest keep-alive the bridge honours, 0 for no maximum; a client
 *                             asking for 0 (none) or more gets this one applied
 * @param partialPacketBudget  bytes that all packets still arriving may hold together
 * @param packetArrivalTimeout how long one packet may take from its first byte to its last
 * @param receiveMaximum       MQTT 5 Receive Maximum of the bridge: QoS 1/2 PUBLISHes an MQTT 5 client
 *                             may send before they are acknowledged
 * @param topicAliasMaximum    MQTT 5 Topic Alias Maximum of the bridge: aliases an MQTT 5 client may set
 * @param outboundTopicAliasMaximum topic aliases the bridge sets on its PUBLISHes to an MQTT 5 client, at
 *                             most (and never more than the client's own Topic Alias Maximum); 0 for none
 */
public record MqttSettings(int maxPacketSize, Duration connectTimeout, int ioThreads, int maxKeepAliveSeconds,
                           long partialPacketBudget, Duration packetArrivalTimeout, int receiveMaximum,
                           int topicAliasMaximum, int outboundTopicAliasMaximum) {
}
