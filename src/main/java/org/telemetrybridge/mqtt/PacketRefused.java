package org.telemetrybridge.mqtt;

import io.netty.handler.codec.DecoderException;

/**
 * Why {@link PacketFramer} refused what a client sent; it reaches {@link MqttConnection} as the cause
 * of a failed decoder result, so the connection is closed and logged in the one place that does that.
 */
final class PacketRefused extends DecoderException {

    enum Reason {
        /** Larger than bridge.mqtt.max-packet-size, or than any well-formed CONNECT can be. */
        TOO_LARGE,
        /** The partial packet did not fit in the memory all partial packets may hold together. */
        OVER_BUDGET,
        /** The packet did not arrive whole within bridge.mqtt.packet-arrival-timeout. */
        ARRIVAL_TIMEOUT,
        /** Well-framed, but against an MQTT rule the decoder does not check. */
        PROTOCOL_VIOLATION,
        /** Not a well-formed packet. */
        MALFORMED
    }

    private final Reason reason;

    PacketRefused(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
