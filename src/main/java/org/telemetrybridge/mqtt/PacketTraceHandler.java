package org.telemetrybridge.mqtt;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

import org.telemetrybridge.log.BridgeLog;

/**
 * Logs every packet of one connection, both ways, while an operator traces its client: put into that
 * connection's pipeline only (between the MQTT codec and the connection), so no other connection pays
 * for it, and taken out again when the trace time is over. Payloads are not logged, only their size.
 */
final class PacketTraceHandler extends ChannelDuplexHandler {

    static final String NAME = "trace";

    private final String clientId;

    PacketTraceHandler(String clientId) {
        this.clientId = clientId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage message) {
            BridgeLog.packetTraced(clientId, "in ", describe(message));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof MqttMessage message) {
            BridgeLog.packetTraced(clientId, "out", describe(message));
        }
        ctx.write(msg, promise);
    }

    /** The packet's type, header fields and, for PUBLISH, the payload's size (never its bytes). */
    static String describe(MqttMessage message) {
        StringBuilder text = new StringBuilder(String.valueOf(message.fixedHeader().messageType()));
        text.append(" qos=").append(message.fixedHeader().qosLevel().value());
        if (message.fixedHeader().isDup()) {
            text.append(" dup");
        }
        if (message.fixedHeader().isRetain()) {
            text.append(" retain");
        }
        if (message instanceof MqttPublishMessage publish) {
            text.append(" topic=").append(publish.variableHeader().topicName())
                    .append(" id=").append(publish.variableHeader().packetId())
                    .append(" payload=").append(publish.payload().readableBytes()).append(" bytes");
        } else if (message.variableHeader() != null && !(message.payload() instanceof byte[])) {
            String header = String.valueOf(message.variableHeader());
            text.append(' ').append(header.length() > 200 ? header.substring(0, 200) + "..." : header);
        }
        return text.toString();
    }
}
