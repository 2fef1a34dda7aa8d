package org.telemetrybridge.mqtt;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;

import org.telemetrybridge.log.BridgeLog;

/**
 * Netty's WebSocket frame decoder, which holds a frame until all of it has arrived (up to the frame
 * limit), with what it holds of an unfinished frame charged to the partial-packet budget and timed by
 * the packet arrival timeout, as the packet framer does for an unfinished MQTT packet. Without it, a
 * client that sends all but the last byte of a large frame pins that memory outside the budget and
 * for as long as its keep-alive lets it.
 */
final class ChargedFrameDecoder extends WebSocket08FrameDecoder {

    private final UnfinishedInput unfinished;
    private boolean refused;

    ChargedFrameDecoder(WebSocketDecoderConfig config, PartialPacketBudget budget, long arrivalTimeoutMillis) {
        super(config);
        this.unfinished = new UnfinishedInput(budget, arrivalTimeoutMillis, "WebSocket frame", this::actualReadableBytes,
                this::refuse);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int before = out.size();
        super.decode(ctx, in, out);
        if (out.size() > before) {
            unfinished.unitCompleted();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (!refused && ctx.channel().isActive()) {
            unfinished.afterRead(ctx);
        }
    }

    private void refuse(ChannelHandlerContext ctx, PacketRefused.Reason reason, String detail) {
        refused = true;
        internalBuffer().skipBytes(internalBuffer().readableBytes());
        MqttConnection connection = ctx.pipeline().get(MqttConnection.class);
        String clientId = connection == null ? "(none)" : connection.clientId();
        String remote = String.valueOf(ctx.channel().remoteAddress());
        if (reason == PacketRefused.Reason.OVER_BUDGET) {
            BridgeLog.partialPacketsOverBudget(clientId, remote, detail);
        } else {
            BridgeLog.packetArrivalTimeout(clientId, remote, detail);
        }
        ctx.writeAndFlush(new CloseWebSocketFrame(reason == PacketRefused.Reason.OVER_BUDGET
                ? WebSocketCloseStatus.TRY_AGAIN_LATER : WebSocketCloseStatus.POLICY_VIOLATION));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        refused = true;
        unfinished.release();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        unfinished.release();
        super.handlerRemoved0(ctx);
    }
}
