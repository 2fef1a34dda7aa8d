package org.telemetrybridge.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Point-to-point delivery from SYSTEM.MQTT.TRANSMIT.QUEUE ({@code bridge.transmit.*}).
 *
 * @param persistentQos       QoS of persistent messages (non-persistent ones go at QoS 0): 1 or 2
 * @param holdTime            how long messages wait for a disconnected persistent session before they
 *                            go to the dead-letter queue; 0 means until the client returns or its
 *                            session is cleaned, as MQ Telemetry did
 * @param maxHeldPerClient    held messages per client; more go to the dead-letter queue
 * @param heldReaderLinger    store-and-forward (IBM MQ): how long a connected client's reader of its held
 *                            messages, a conversation of its own, stays open after the client caught up
 * @param maxHeldReaders      clients reading their held messages at once, at most (on IBM MQ a conversation
 *                            each); others wait for a reader, their messages held
 */
@Validated
@ConfigurationProperties("bridge.transmit")
public record TransmitProperties(
        @DefaultValue("1") @Min(1) @Max(2) int persistentQos,
        @DefaultValue("0s") Duration holdTime,
        @DefaultValue("10000") @Min(1) int maxHeldPerClient,
        @DefaultValue("30s") Duration heldReaderLinger,
        @DefaultValue("100") @Min(1) int maxHeldReaders) {
}
