package org.telemetrybridge.mqtt;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttReasonCodes;

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
    /** The MQTT 5 reason code of the DISCONNECT (or CONNACK) that ends the connection. */
    private final byte reasonCode;
    private final boolean mqtt5Connect;

    PacketRefused(Reason reason, String detail) {
        this(reason, detail, switch (reason) {
            case TOO_LARGE -> MqttReasonCodes.Disconnect.PACKET_TOO_LARGE.byteValue();
            case OVER_BUDGET -> MqttReasonCodes.Disconnect.QUOTA_EXCEEDED.byteValue();
            case ARRIVAL_TIMEOUT -> MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT.byteValue();
            case PROTOCOL_VIOLATION -> MqttReasonCodes.Disconnect.PROTOCOL_ERROR.byteValue();
            case MALFORMED -> MqttReasonCodes.Disconnect.MALFORMED_PACKET.byteValue();
        });
    }

    PacketRefused(Reason reason, String detail, byte reasonCode) {
        this(reason, detail, reasonCode, false);
    }

    private PacketRefused(Reason reason, String detail, byte reasonCode, boolean mqtt5Connect) {
        super(detail);
        this.reason = reason;
        this.reasonCode = reasonCode;
        this.mqtt5Connect = mqtt5Connect;
    }

    /** The same refusal, of an MQTT 5 CONNECT: answered with a CONNACK carrying the reason code. */
    PacketRefused ofMqtt5Connect() {
        return new PacketRefused(reason, getMessage(), reasonCode, true);
    }

    boolean mqtt5Connect() {
        return mqtt5Connect;
    }

    Reason reason() {
        return reason;
    }

    byte reasonCode() {
        return reasonCode;
    }
}
