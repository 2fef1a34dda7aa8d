package org.telemetrybridge.mqtt;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import org.telemetrybridge.log.BridgeLog;

/**
 * Disconnects a client that sends nothing for one and a half times its keep-alive interval
 * [MQTT-3.1.2-24]. Added to the pipeline after CONNECT when the keep-alive is not 0.
 */
final class KeepAliveHandler extends IdleStateHandler {

    static final String NAME = "keepAlive";

    private final MqttConnection connection;
    private final int keepAliveSeconds;

    KeepAliveHandler(MqttConnection connection, int keepAliveSeconds) {
        super(keepAliveSeconds * 1500L, 0, 0, TimeUnit.MILLISECONDS);
        this.connection = connection;
        this.keepAliveSeconds = keepAliveSeconds;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        connection.disconnectReason(DisconnectReason.KEEP_ALIVE_TIMEOUT);
        Disconnector.close(connection, MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT, null,
                () -> BridgeLog.keepAliveExpired(connection.clientId(), connection.remoteAddress(), keepAliveSeconds));
    }
}
