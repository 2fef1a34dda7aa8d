package org.telemetrybridge.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The MQTT listener ({@code bridge.mqtt.*}).
 *
 * @param host           address to bind; empty means all interfaces
 * @param port           TCP port of the MQTT listener; 0 picks a free port
 * @param maxPacketSize  largest MQTT packet accepted; 4MB matches IBM MQ's default MAXMSGL, so what a
 *                       device may send, MQ can also hold
 * @param connectTimeout time from a new connection to its CONNACK: to send CONNECT, and for the session to be set up
 * @param ioThreads      network threads; 0 means one per processor
 * @param backlog        connection requests the listen socket queues (as MQXR's BACKLOG)
 */
@Validated
@ConfigurationProperties("bridge.mqtt")
public record MqttProperties(
        @DefaultValue("") String host,
        @DefaultValue("1883") @Min(0) @Max(65535) int port,
        @DefaultValue("4MB") DataSize maxPacketSize,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("0") @Min(0) int ioThreads,
        @DefaultValue("4096") @Min(1) int backlog) {
}
