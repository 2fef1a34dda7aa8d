package org.telemetrybridge.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import org.telemetrybridge.log.BridgeLog;

/**
 * Answers the HTTP requests that are not an MQTT WebSocket upgrade with a plain HTTP error and closes
 * the connection (one request per connection): not HTTP at all (400), another path (404), no upgrade to
 * WebSocket (426), no MQTT subprotocol offered (400) [MQTT-6.0.0-3]. An acceptable request goes on to
 * Netty's handshake, and this handler leaves the pipeline.
 */
final class WebSocketUpgradeCheck extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String NAME = "wsUpgradeCheck";

    private final String listener;
    private final String path;

    WebSocketUpgradeCheck(String listener, String path) {
        super(false);
        this.listener = listener;
        this.path = path;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpResponseStatus status;
        String reason;
        if (!ctx.channel().isActive()) {
            // The rest of a request cut short by the connection's end (the connect timeout has logged it).
            request.release();
            return;
        } else if (request.decoderResult().isFailure()) {
            status = HttpResponseStatus.BAD_REQUEST;
            reason = "not an HTTP request (" + request.decoderResult().cause().getMessage()
                    + "); is it plain MQTT sent to a WebSocket listener?";
        } else if (!path.equals(new QueryStringDecoder(request.uri()).path())) {
            status = HttpResponseStatus.NOT_FOUND;
            reason = "path " + abbreviated(request.uri()) + " is not the MQTT endpoint " + path;
        } else if (!HttpMethod.GET.equals(request.method())
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            status = HttpResponseStatus.UPGRADE_REQUIRED;
            reason = request.method() + " " + abbreviated(request.uri()) + " is not a WebSocket upgrade request";
        } else if (!offersMqtt(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL))) {
            status = HttpResponseStatus.BAD_REQUEST;
            String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
            reason = (offered == null ? "no WebSocket subprotocol offered"
                    : "WebSocket subprotocols '" + abbreviated(offered) + "' offered")
                    + "; MQTT clients offer 'mqtt' (or 'mqttv3.1') [MQTT-6.0.0-3]";
        } else {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(request);
            return;
        }
        request.release();
        refuse(ctx, status, reason);
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        BridgeLog.webSocketUpgradeRefused(listener, String.valueOf(ctx.channel().remoteAddress()), status.code(),
                reason);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(status + ": " + reason + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status == HttpResponseStatus.UPGRADE_REQUIRED) {
            response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean offersMqtt(String offered) {
        return offered != null && Arrays.stream(offered.split(",")).map(String::strip)
                .anyMatch(WebSocketTransport.SUBPROTOCOLS::contains);
    }

    /** A request line is at most a few kilobytes, but a log line need not carry all of it. */
    private static String abbreviated(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
