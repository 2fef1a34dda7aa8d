package org.telemetrybridge.mqtt;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import org.telemetrybridge.log.BridgeLog;

/**
 * Closes a connection that is not connected in time: whose TLS handshake is not done, that sends no
 * CONNECT, or whose CONNECT the bridge could not complete (a backend step that does not end). Removed
 * once CONNACK is sent.
 */
final class ConnectTimeoutHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "connectTimeout";

    private final long timeoutMillis;
    private ScheduledFuture<?> timeout;

    ConnectTimeoutHandler(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                String remote = String.valueOf(ctx.channel().remoteAddress());
                long seconds = TimeUnit.MILLISECONDS.toSeconds(timeoutMillis);
                MqttConnection connection = ctx.pipeline().get(MqttConnection.class);
                TlsHandshakeWatch handshake = ctx.pipeline().get(TlsHandshakeWatch.class);
                if (handshake != null) {
                    // The TLS handshake is part of getting connected, bounded by the same timeout.
                    handshake.timedOut(remote, seconds);
                } else if (connection != null && connection.state() == MqttConnection.State.CONNECTING) {
                    BridgeLog.connectNotCompleted(connection.clientId(), remote, seconds);
                } else {
                    BridgeLog.connectTimeout(remote, seconds);
                }
                ctx.close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
