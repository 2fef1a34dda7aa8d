package org.telemetrybridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.support.RawPackets;

/** The framer in front of netty-codec-mqtt's decoder, on an embedded channel: no sockets, no bridge. */
class PacketFramerTest {

    private final PartialPacketBudget budget = new PartialPacketBudget(1000);

    private EmbeddedChannel channel(int maxPacketSize) {
        PacketFramer framer = new PacketFramer(maxPacketSize, budget, 60_000, 0);
        return new EmbeddedChannel(framer, new MqttDecoder(maxPacketSize), framer.decodedMarker());
    }

    @Test
    void packetsSplitAnywhereAndPackedTogetherComeOutWhole() {
        EmbeddedChannel channel = channel(1000);
        byte[] stream = RawPackets.concat(RawPackets.connect311(0x02, "A"), RawPackets.bytes(0xC0, 0),
                RawPackets.packet(0x30, RawPackets.string("t"), new byte[100]));
        for (byte b : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            assertThat(budget.held()).isLessThanOrEqualTo(stream.length);
        }
        assertThat(type(channel.readInbound())).isEqualTo(MqttMessageType.CONNECT);
        assertThat(type(channel.readInbound())).isEqualTo(MqttMessageType.PINGREQ);
        assertThat(type(channel.readInbound())).isEqualTo(MqttMessageType.PUBLISH);
        assertThat(budget.held()).as("nothing unfinished is charged").isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void unfinishedPacketIsChargedUntilItCompletesOrTheConnectionEnds() {
        EmbeddedChannel channel = channel(1000);
        channel.writeInbound(Unpooled.wrappedBuffer(RawPackets.connect311(0x02, "A")));
        ReferenceCountUtil.release(channel.readInbound());
        byte[] publish = RawPackets.packet(0x30, RawPackets.string("t"), new byte[500]);
        channel.writeInbound(Unpooled.wrappedBuffer(publish, 0, 300));
        assertThat(budget.held()).isEqualTo(300);
        channel.close();
        assertThat(budget.held()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void overTheBudgetTheConnectionGetsARefusalAndItsChargeIsReleased() {
        EmbeddedChannel other = channel(10_000);
        other.writeInbound(Unpooled.wrappedBuffer(RawPackets.fixedHeader(0x30, 5000), new byte[900]));
        EmbeddedChannel channel = channel(10_000);
        channel.writeInbound(Unpooled.wrappedBuffer(RawPackets.fixedHeader(0x30, 5000), new byte[200]));

        assertThat(refusal(channel.readInbound())).isEqualTo(PacketRefused.Reason.OVER_BUDGET);
        assertThat(budget.held()).isEqualTo(903);
        other.finishAndReleaseAll();
        channel.finishAndReleaseAll();
    }

    @Test
    void tooLargeIsKnownFromTheFixedHeaderBeforeTheBodyArrives() {
        EmbeddedChannel channel = channel(1000);
        channel.writeInbound(Unpooled.wrappedBuffer(RawPackets.fixedHeader(0x30, 1001)));
        assertThat(refusal(channel.readInbound())).isEqualTo(PacketRefused.Reason.TOO_LARGE);
        channel.finishAndReleaseAll();
    }

    @Test
    void lengthFieldPastTheEndOfThePacketIsMalformedAtOnce() {
        EmbeddedChannel channel = channel(1000);
        channel.writeInbound(Unpooled.wrappedBuffer(RawPackets.connect311(0x82, "A")));
        assertThat(refusal(channel.readInbound())).isEqualTo(PacketRefused.Reason.MALFORMED);
        channel.finishAndReleaseAll();
    }

    @Test
    void aReadThatProducedPacketsDoesNotAskForMoreWhileTheConnectionPausedReading() {
        AtomicInteger readRequests = new AtomicInteger();
        PacketFramer framer = new PacketFramer(1000, budget, 60_000, 0);
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                readRequests.incrementAndGet();
                ctx.read();
            }
        }, framer, new MqttDecoder(1000), framer.decodedMarker());
        channel.config().setAutoRead(false); // as MqttConnection does for back-pressure
        int before = readRequests.get();

        channel.writeInbound(Unpooled.wrappedBuffer(RawPackets.connect311(0x02, "A")));

        assertThat(readRequests.get()).as("read requests").isEqualTo(before);
        assertThat(type(channel.readInbound())).isEqualTo(MqttMessageType.CONNECT);
        channel.finishAndReleaseAll();
    }

    private static MqttMessageType type(Object message) {
        MqttMessage mqtt = (MqttMessage) message;
        assertThat(mqtt.decoderResult().isSuccess()).as(String.valueOf(mqtt.decoderResult())).isTrue();
        ReferenceCountUtil.release(message);
        return mqtt.fixedHeader().messageType();
    }

    private static PacketRefused.Reason refusal(Object message) {
        return ((PacketRefused) ((MqttMessage) message).decoderResult().cause()).reason();
    }
}
