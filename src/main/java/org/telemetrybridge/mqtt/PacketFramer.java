package org.telemetrybridge.mqtt;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;

/**
 * Cuts the byte stream into whole MQTT packets before netty-codec-mqtt's decoder sees them. That
 * decoder waits for bytes until a packet's fields are complete, however long that takes and
 * whatever the packet's own length says; this handler bounds what a client has only half sent:
 * <ul>
 * <li>in size: the fixed header says how long the packet is, so one larger than
 *     bridge.mqtt.max-packet-size (or than any well-formed CONNECT) is refused before its body arrives;</li>
 * <li>in memory: the bytes of every unfinished packet are charged to the {@link PartialPacketBudget}
 *     that all connections share;</li>
 * <li>in time: a packet must arrive whole within bridge.mqtt.packet-arrival-timeout;</li>
 * <li>in length fields: the decoder gets exactly one whole packet at a time, so if it is still waiting
 *     for bytes after one, a length field inside the packet points past its end [MQTT-3.1.4-1].</li>
 * </ul>
 * It also applies the {@link RawPacketRules}, which need the packet's bytes. What it refuses reaches
 * {@link MqttConnection} as a failed decoder result whose cause is a {@link PacketRefused}.
 */
final class PacketFramer extends ByteToMessageDecoder {

    static final String NAME = "framer";
    static final String DECODED_NAME = "decoded";

    /**
     * The longest a well-formed CONNECT can be: protocol name, level, flags and keep-alive, then client
     * id, will topic, will message, user name and password, each at most 65,535 bytes and its length.
     */
    static final int MAX_CONNECT_REMAINING_LENGTH = 2 + 6 + 1 + 1 + 2 + 5 * (2 + 65_535);
    /** A CONNECT's bytes after the fixed header up to its protocol level: the length, "MQTT", the level. */
    private static final int CONNECT_BYTES_TO_LEVEL = 2 + 4 + 1;

    private final int maxPacketSize;
    /** Topic aliases an MQTT 5 client may set (CONNACK's Topic Alias Maximum). */
    private final int topicAliasMaximum;
    private final PartialPacketBudget budget;
    private final long arrivalTimeoutMillis;
    /** The bytes of the packet not yet complete: charged to the budget, timed. */
    private final UnfinishedInput unfinished;
    /** After a refusal everything the client sends is discarded until the connection is closed. */
    private boolean refused;
    /** Whole packets handed to the decoder, and packets (or failures) that came out of it. */
    private long packetsIn;
    private long packetsOut;
    private String lastPacketType;
    private int protocolLevel;

    PacketFramer(int maxPacketSize, PartialPacketBudget budget, long arrivalTimeoutMillis, int topicAliasMaximum) {
        this.maxPacketSize = maxPacketSize;
        this.topicAliasMaximum = topicAliasMaximum;
        this.budget = budget;
        this.arrivalTimeoutMillis = arrivalTimeoutMillis;
        this.unfinished = new UnfinishedInput(budget, arrivalTimeoutMillis, "packet", this::actualReadableBytes,
                (ctx, reason, detail) -> refuse(ctx, internalBuffer(), reason, detail));
    }

    /** The budget this framer charges; a transport's decoder in front may charge what it holds to it too. */
    PartialPacketBudget budget() {
        return budget;
    }

    long arrivalTimeoutMillis() {
        return arrivalTimeoutMillis;
    }

    /** The handler to place right after the decoder: it tells this framer that a packet came out. */
    ChannelInboundHandlerAdapter decodedMarker() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                packetsOut++;
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (decoderWaitsPastThePacket(ctx, internalBuffer())) {
            return;
        }
        chargeUnfinishedPacket(ctx);
    }

    /**
     * The decoder answers every whole packet with a message or a failure, unless a length field inside
     * the packet points past its end: then it waits for bytes that belong to no packet. Checked once the
     * packets handed on have gone through it: before the next one, and after each read.
     */
    private boolean decoderWaitsPastThePacket(ChannelHandlerContext ctx, ByteBuf in) {
        if (refused || packetsOut >= packetsIn || !ctx.channel().isActive()) {
            return false;
        }
        refuse(ctx, in, PacketRefused.Reason.MALFORMED, "a length field inside a " + lastPacketType
                + " packet points past the end of the packet [MQTT-3.1.4-1]");
        return true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (decoderWaitsPastThePacket(ctx, in)) {
            return;
        }
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < 2) {
            return;
        }
        int firstByte = in.getUnsignedByte(start);
        MqttMessageType type = typeOf(firstByte);
        String name = type == null ? "reserved type 0" : type.name();
        int remaining = 0;
        int headerLength = 1;
        for (int multiplier = 1; ; multiplier *= 128) {
            if (headerLength == 5) {
                refuse(ctx, in, PacketRefused.Reason.MALFORMED, "the remaining length of a " + name
                        + " packet has more than 4 bytes");
                return;
            }
            if (headerLength >= available) {
                return;
            }
            int digit = in.getUnsignedByte(start + headerLength++);
            remaining += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        int limit = type == MqttMessageType.CONNECT ? Math.min(maxPacketSize, MAX_CONNECT_REMAINING_LENGTH)
                : maxPacketSize;
        if (remaining > limit) {
            PacketRefused tooLarge = new PacketRefused(PacketRefused.Reason.TOO_LARGE, "a " + name + " packet of "
                    + remaining + " bytes after its fixed header; the limit is " + limit);
            if (type == MqttMessageType.CONNECT && protocolLevel == 0) {
                // An MQTT 5 client is told in CONNACK (0x95) [MQTT-4.13.1-1]: wait for the few bytes up to
                // the protocol level ("MQTT" and the level byte), no more.
                if (available < headerLength + CONNECT_BYTES_TO_LEVEL) {
                    return;
                }
                if (RawPacketRules.protocolLevel(in, headerLength) == RawPacketRules.MQTT_5) {
                    tooLarge = tooLarge.ofMqtt5Connect();
                }
            }
            refuse(ctx, in, tooLarge);
            return;
        }
        if (available < headerLength + remaining) {
            return;
        }
        ByteBuf packet = in.readRetainedSlice(headerLength + remaining);
        unfinished.unitCompleted();
        if (type == MqttMessageType.CONNECT && protocolLevel == 0) {
            protocolLevel = RawPacketRules.protocolLevel(packet, headerLength);
        }
        String violation = RawPacketRules.violation(packet, headerLength, protocolLevel);
        if (violation != null) {
            packet.release();
            refuse(ctx, in, PacketRefused.Reason.PROTOCOL_VIOLATION, violation);
            return;
        }
        PacketRefused v5Violation = protocolLevel == RawPacketRules.MQTT_5
                ? Mqtt5PacketRules.violation(packet, headerLength, topicAliasMaximum) : null;
        if (v5Violation != null) {
            packet.release();
            refuse(ctx, in, v5Violation);
            return;
        }
        RawPacketRules.acceptResentFlags(packet, protocolLevel);
        packetsIn++;
        lastPacketType = name;
        // Through out, not fired here: the decoder base class then knows a read produced something
        // and does not ask for more while the connection has paused reading.
        out.add(packet);
    }

    /** Charges the bytes of the packet not yet complete to the budget and times its arrival. */
    private void chargeUnfinishedPacket(ChannelHandlerContext ctx) {
        if (!refused) {
            unfinished.afterRead(ctx);
        }
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, PacketRefused.Reason reason, String detail) {
        refuse(ctx, in, new PacketRefused(reason, detail));
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, PacketRefused refusal) {
        refused = true;
        in.skipBytes(in.readableBytes());
        releaseCharge();
        ctx.fireChannelRead(MqttMessageFactory.newInvalidMessage(refusal));
    }

    private void releaseCharge() {
        unfinished.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        refused = true;
        releaseCharge();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseCharge();
    }

    private static MqttMessageType typeOf(int firstByte) {
        try {
            return MqttMessageType.valueOf(firstByte >> 4);
        } catch (IllegalArgumentException reserved) {
            // Type 0 is reserved: the decoder refuses it as malformed.
            return null;
        }
    }
}
