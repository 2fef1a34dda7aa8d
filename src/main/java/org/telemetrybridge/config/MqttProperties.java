package org.telemetrybridge.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.netty.util.internal.PlatformDependent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The MQTT listener ({@code bridge.mqtt.*}).
 *
 * @param host                   address to bind; empty means all interfaces
 * @param port                   TCP port of the MQTT listener; 0 picks a free port
 * @param maxPacketSize          largest MQTT packet accepted; 4MB matches IBM MQ's default MAXMSGL, so what a
 *                               device may send, MQ can also hold
 * @param connectTimeout         time from a new connection to its CONNACK: to send CONNECT, and for the session
 *                               to be set up
 * @param ioThreads              network threads; 0 means one per processor
 * @param backlog                connection requests the listen socket queues (as MQXR's BACKLOG)
 * @param maxConnections         open MQTT connections at most; 0 derives it from the process's open-file
 *                               limit (see {@link #connectionLimit()})
 * @param maxKeepAlive           longest keep-alive honoured; 0 means no maximum. With a maximum, a client asking
 *                               for keep-alive 0 (none) or a longer one is held to the maximum
 * @param maxPartialPacketMemory memory all packets still arriving may hold together; 0 derives it from the
 *                               direct memory Netty may use (see {@link #partialPacketBudget()})
 * @param packetArrivalTimeout   time one packet may take from its first byte to its last
 * @param receiveMaximum         MQTT 5 Receive Maximum: QoS 1/2 PUBLISHes an MQTT 5 client may send before the
 *                               bridge has acknowledged them; more ends the connection (DISCONNECT 0x93)
 * @param topicAliasMaximum      MQTT 5 Topic Alias Maximum: topic aliases an MQTT 5 client may set on its
 *                               connection; 0 takes none
 * @param outboundTopicAliasMaximum topic aliases the bridge sets on the PUBLISHes it sends an MQTT 5 client,
 *                               at most, and never more than the client's Topic Alias Maximum allows. 0 (the
 *                               default, as VerneMQ's topic_alias_max_broker) sends every topic name whole:
 *                               an alias saves the topic's bytes on the wire but costs CPU on both sides
 */
@Validated
@ConfigurationProperties("bridge.mqtt")
public record MqttProperties(
        @DefaultValue("") String host,
        @DefaultValue("1883") @Min(0) @Max(65535) int port,
        @DefaultValue(MqttProperties.DEFAULT_MAX_PACKET_SIZE) DataSize maxPacketSize,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("0") @Min(0) int ioThreads,
        @DefaultValue("4096") @Min(1) int backlog,
        @DefaultValue("0") @Min(0) int maxConnections,
        @DefaultValue("0s") Duration maxKeepAlive,
        @DefaultValue("0") DataSize maxPartialPacketMemory,
        @DefaultValue("60s") Duration packetArrivalTimeout,
        @DefaultValue("1000") @Min(1) @Max(65535) int receiveMaximum,
        @DefaultValue("10") @Min(0) @Max(1000) int topicAliasMaximum,
        @DefaultValue("0") @Min(0) @Max(65535) int outboundTopicAliasMaximum) {

    /** bridge.mqtt.max-packet-size unless set: IBM MQ's default MAXMSGL. */
    static final String DEFAULT_MAX_PACKET_SIZE = "4MB";

    /** Used when the open-file limit cannot be read: head-room below the 20,000 files of a usual limit. */
    static final int FALLBACK_MAX_CONNECTIONS = 15_000;
    static final long MAX_DERIVED_PARTIAL_PACKET_MEMORY = 256L * 1024 * 1024;

    /**
     * The configured maximum, or one derived from the process's open-file limit: every connection takes
     * a file descriptor, and so do the journal, the jars, the backend and JMS connections, and each
     * connection accepted over the limit until it is closed. A quarter of the limit (at least 2,000) is
     * left for those: 15,000 connections under a limit of 20,000.
     */
    public int connectionLimit() {
        if (maxConnections > 0) {
            return maxConnections;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long files = unix.getMaxFileDescriptorCount();
            long limit = files - Math.max(2_000, files / 4);
            if (limit > 0) {
                return (int) Math.min(Integer.MAX_VALUE, limit);
            }
        }
        return FALLBACK_MAX_CONNECTIONS;
    }

    /**
     * The configured budget, or a quarter of the direct memory Netty may use, at most 256 MB: enough for
     * 64 packets of 4 MB on their way at once, and three quarters of direct memory stay for the rest.
     */
    public long partialPacketBudget() {
        if (maxPartialPacketMemory.toBytes() > 0) {
            return maxPartialPacketMemory.toBytes();
        }
        return Math.min(MAX_DERIVED_PARTIAL_PACKET_MEMORY, Math.max(maxPacketSize.toBytes(),
                PlatformDependent.maxDirectMemory() / 4));
    }
}
