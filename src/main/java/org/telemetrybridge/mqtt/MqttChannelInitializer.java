package org.telemetrybridge.mqtt;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslHandler;

import org.telemetrybridge.log.BridgeLog;

/**
 * Makes the pipeline of each new connection of a listener: the connection limit first, then the
 * transport's handlers (with a watch on the TLS handshake, if it has one), then the MQTT handlers every
 * transport shares (connect timeout, the framer
 * that bounds half-sent packets, the codec, and the {@link MqttConnection}).
 */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** netty-codec-mqtt's encoder; MQTT 5 connections get {@link Mqtt5PublishEncoder} in front of it. */
    static final String ENCODER = "encoder";

    /** Client ids are checked by the bridge, with its own message, not by the decoder. */
    private static final int DECODER_MAX_CLIENT_ID_LENGTH = 65_535;

    private final MqttEdge edge;
    private final MqttSettings settings;
    private final MqttListener listener;

    MqttChannelInitializer(MqttEdge edge, MqttSettings settings, MqttListener listener) {
        this.edge = edge;
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (!listener.tryOpenConnection()) {
            // Accepted only to be closed: the file descriptor is given back at once.
            BridgeLog.connectionLimitReached(listener.name(), String.valueOf(channel.remoteAddress()),
                    listener.maxConnections());
            channel.close();
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        listener.transport().addHandlers(pipeline);
        if (pipeline.get(SslHandler.class) != null) {
            pipeline.addLast(TlsHandshakeWatch.NAME, new TlsHandshakeWatch(listener));
        }
        PacketFramer framer = new PacketFramer(settings.maxPacketSize(), edge.partialPacketBudget(),
                settings.packetArrivalTimeout().toMillis(), settings.topicAliasMaximum());
        pipeline.addLast("byteMeter", edge.traffic().bytes());
        pipeline.addLast(ConnectTimeoutHandler.NAME, new ConnectTimeoutHandler(settings.connectTimeout().toMillis()))
                .addLast(PacketFramer.NAME, framer)
                .addLast("decoder", new MqttDecoder(settings.maxPacketSize(), DECODER_MAX_CLIENT_ID_LENGTH))
                .addLast(PacketFramer.DECODED_NAME, framer.decodedMarker())
                .addLast(ENCODER, MqttEncoder.INSTANCE)
                .addLast(TrafficMeter.PacketMeter.NAME, edge.traffic().new PacketMeter())
                .addLast(MqttConnection.NAME, new MqttConnection(edge, listener));
    }
}
