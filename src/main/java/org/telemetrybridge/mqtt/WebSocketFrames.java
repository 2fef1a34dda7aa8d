package org.telemetrybridge.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;

import org.telemetrybridge.log.BridgeLog;

/**
 * Turns WebSocket frames into the byte stream the MQTT handlers read, and the bytes they write into
 * binary frames. MQTT packets need not align with frames [MQTT-6.0.0-2]: the packet framer behind this
 * handler cuts the stream into packets as it does for TCP, and charges a packet spread over several
 * frames to the partial-packet budget like one spread over several reads. A text frame ends the
 * connection [MQTT-6.0.0-1]; a close frame ends it as a dropped connection would (the will is published
 * unless DISCONNECT came first). Pings are answered by Netty's protocol handler in front. Once the
 * upgrade is done, it puts a {@link ChargedFrameDecoder} in place of Netty's frame decoder, so that a
 * frame still arriving is charged to the partial-packet budget too.
 */
final class WebSocketFrames extends ChannelDuplexHandler {

    static final String NAME = "wsFrames";

    /** Netty's frame decoder is replaced by one with these limits that charges unfinished frames. */
    private final WebSocketDecoderConfig decoderConfig;
    /** Set once the upgrade is answered: from then on the bridge's own closes say goodbye in a close frame. */
    private boolean upgraded;
    /** A close frame went out (or the connection is being refused): nothing more is read or sent in frames. */
    private boolean closing;

    WebSocketFrames(WebSocketDecoderConfig decoderConfig) {
        this.decoderConfig = decoderConfig;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeComplete) {
            upgraded = true;
            // The client sends frames only once it has the upgrade's answer (RFC 6455 4.1), so Netty's
            // decoder holds nothing yet: it can be swapped for the one that charges what it holds.
            PacketFramer framer = ctx.pipeline().get(PacketFramer.class);
            ctx.pipeline().replace(WebSocket08FrameDecoder.class, "wsdecoder",
                    new ChargedFrameDecoder(decoderConfig, framer.budget(), framer.arrivalTimeoutMillis()));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || !(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            ctx.fireChannelRead(frame.content());
        } else if (frame instanceof CloseWebSocketFrame close) {
            int code = close.statusCode();
            frame.release();
            // Echo the close as RFC 6455 5.5.1 asks; the MQTT connection ends as if the network had dropped.
            sendCloseAndClose(ctx, code > 0 ? new CloseWebSocketFrame(code, "") : new CloseWebSocketFrame(), ctx.newPromise());
        } else {
            // Text frames (pings and pongs do not get here): MQTT travels in binary frames only.
            boolean text = frame instanceof TextWebSocketFrame;
            frame.release();
            MqttConnection connection = ctx.pipeline().get(MqttConnection.class);
            BridgeLog.webSocketTextFrame(connection == null ? "(none)" : connection.clientId(),
                    String.valueOf(ctx.channel().remoteAddress()), text ? "text" : "unexpected");
            sendCloseAndClose(ctx, new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "MQTT needs binary frames"), ctx.newPromise());
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            ctx.write(new BinaryWebSocketFrame(bytes), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /** The bridge closes the connection: after the upgrade, it says so in a close frame first. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (upgraded && !closing && ctx.channel().isActive()) {
            sendCloseAndClose(ctx, new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE), promise);
        } else {
            ctx.close(promise);
        }
    }

    /**
     * Sends the close frame and closes without waiting for its write to complete: a client that does
     * not read must not hold the connection open. What the socket takes at once still goes out.
     */
    private void sendCloseAndClose(ChannelHandlerContext ctx, CloseWebSocketFrame frame, ChannelPromise promise) {
        closing = true;
        ctx.writeAndFlush(frame);
        ctx.close(promise);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException) {
            // Netty's frame decoder has sent a close frame (1002 or 1009) and closes the connection.
            closing = true;
            MqttConnection connection = ctx.pipeline().get(MqttConnection.class);
            BridgeLog.webSocketFrameRefused(connection == null ? "(none)" : connection.clientId(),
                    String.valueOf(ctx.channel().remoteAddress()), cause.getMessage());
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
