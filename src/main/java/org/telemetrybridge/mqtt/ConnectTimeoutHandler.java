package org.telemetrybridge.mqtt;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import org.telemetrybridge.log.BridgeLog;

/** Closes a connection that does not send CONNECT in time. Removed from the pipeline by CONNECT. */
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
                BridgeLog.connectTimeout(String.valueOf(ctx.channel().remoteAddress()),
                        TimeUnit.MILLISECONDS.toSeconds(timeoutMillis));
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
