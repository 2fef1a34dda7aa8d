package org.telemetrybridge.mqtt;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;

/**
 * What crosses the MQTT connections, for operators' metrics: bytes each way, PUBLISH packets by
 * direction and QoS, connects by listener and protocol level, and disconnects by reason. Two kinds of
 * handler count, so that the packet handlers do not have to: {@link #bytes()} between the transport
 * (TLS, WebSocket) and the MQTT decoder sees MQTT's bytes, and a {@link PacketMeter} between the
 * codec and the connection sees whole packets and keeps the connection's last activity.
 */
public final class TrafficMeter {

    /** The protocol levels a connect is counted under: 3 (MQTT 3.1), 4 (3.1.1), 5. */
    public static final int[] PROTOCOL_LEVELS = {3, 4, 5};

    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder[] publishesIn = adders(3);
    private final LongAdder[] publishesOut = adders(3);
    private final Map<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
    private final Map<String, LongAdder> connects = new ConcurrentHashMap<>();
    private final ByteCounter byteCounter = new ByteCounter();
    private volatile boolean stopping;

    TrafficMeter() {
        for (DisconnectReason reason : DisconnectReason.values()) {
            disconnects.put(reason, new LongAdder());
        }
    }

    /** The one handler that counts bytes for every connection. */
    ChannelHandler bytes() {
        return byteCounter;
    }

    void connected(String listener, int protocolLevel) {
        connects.computeIfAbsent(listener + "/" + protocolLevel, key -> new LongAdder()).increment();
    }

    void disconnected(DisconnectReason reason) {
        disconnects.get(reason).increment();
    }

    /** From now on connections that close were closed by the bridge's stop. */
    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** PUBLISH packets received at this QoS (0-2) since start. */
    public long publishesIn(int qos) {
        return publishesIn[qos].sum();
    }

    /** PUBLISH packets written at this QoS (0-2) since start, resends included. */
    public long publishesOut(int qos) {
        return publishesOut[qos].sum();
    }

    /** Connected clients' connections that ended for this reason since start. */
    public long disconnects(DisconnectReason reason) {
        return disconnects.get(reason).sum();
    }

    /** Accepted CONNECTs on a listener at a protocol level since start. */
    public long connects(String listener, int protocolLevel) {
        LongAdder count = connects.get(listener + "/" + protocolLevel);
        return count == null ? 0 : count.sum();
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    private static int size(Object message) {
        if (message instanceof ByteBuf buffer) {
            return buffer.readableBytes();
        }
        return message instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
    }

    @ChannelHandler.Sharable
    private final class ByteCounter extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytesIn.add(size(msg));
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            bytesOut.add(size(msg));
            ctx.write(msg, promise);
        }
    }

    /** One connection's packets: counted, and the time of the last one each way kept. */
    final class PacketMeter extends ChannelDuplexHandler {

        static final String NAME = "packetMeter";

        private volatile long lastIn;
        private volatile long lastOut;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof MqttMessage packet && packet.decoderResult().isSuccess()) {
                lastIn = System.currentTimeMillis();
                count(packet, publishesIn);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof MqttMessage packet) {
                lastOut = System.currentTimeMillis();
                count(packet, publishesOut);
            }
            ctx.write(msg, promise);
        }

        private static void count(MqttMessage packet, LongAdder[] byQos) {
            if (packet.fixedHeader().messageType() == MqttMessageType.PUBLISH) {
                byQos[Math.min(2, packet.fixedHeader().qosLevel().value())].increment();
            }
        }

        /** Epoch milliseconds of the last packet received, 0 if none. */
        long lastIn() {
            return lastIn;
        }

        /** Epoch milliseconds of the last packet written, 0 if none. */
        long lastOut() {
            return lastOut;
        }
    }
}
