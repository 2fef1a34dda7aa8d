package org.telemetrybridge.mqtt;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.SessionRegistry;

/**
 * An MQTT listener: a Netty server on one {@link Transport}; {@link MqttChannelInitializer} makes each
 * connection's pipeline, ending in the MQTT codec and an {@link MqttConnection}.
 */
public final class MqttServer {

    private final MqttSettings settings;
    private final Transport transport;
    private final MqttEdge edge;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public MqttServer(MqttSettings settings, SessionRegistry registry, ClientPolicy policy) {
        this(settings, registry, policy, Transport.TCP);
    }

    public MqttServer(MqttSettings settings, SessionRegistry registry, ClientPolicy policy, Transport transport) {
        this.settings = settings;
        this.transport = transport;
        this.edge = new MqttEdge(registry, policy, settings);
    }

    public synchronized void start() {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        workerGroup = new MultiThreadIoEventLoopGroup(settings.ioThreads(), io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, settings.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new MqttChannelInitializer(edge, settings, transport));
        InetSocketAddress address = settings.host() == null || settings.host().isBlank()
                ? new InetSocketAddress(settings.port()) : new InetSocketAddress(settings.host(), settings.port());
        try {
            serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            BridgeLog.listenerFailed("MQTT", address.toString(), e);
            stop();
            throw new IllegalStateException("The MQTT listener could not bind " + address + " (bridge.mqtt.port)", e);
        }
        BridgeLog.listenerStarted("MQTT (" + transport.name() + ")", String.valueOf(serverChannel.localAddress()));
    }

    /** The port the listener bound, useful when it was configured as 0. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public int openConnections() {
        return edge.openConnections();
    }

    /** The most connections the listener keeps open (bridge.mqtt.max-connections). */
    public int maxConnections() {
        return edge.maxConnections();
    }

    /** True while max-connections are open: new connections are closed as they arrive. */
    public boolean saturated() {
        return edge.openConnections() >= edge.maxConnections();
    }

    /** Connections closed on arrival because max-connections were open, since start. */
    public long connectionsOverLimit() {
        return edge.connectionsOverLimit().sum();
    }

    /** Bytes that packets still arriving hold now, across all connections. */
    public long partialPacketBytes() {
        return edge.partialPacketBudget().held();
    }

    /** The most bytes packets still arriving held at once since start. */
    public long partialPacketBytesPeak() {
        return edge.partialPacketBudget().peak();
    }

    /** The budget of {@link #partialPacketBytes()}. */
    public long partialPacketBudget() {
        return edge.partialPacketBudget().limit();
    }

    /** Connections closed because their unfinished packet did not fit in the budget, since start. */
    public long partialPacketRefusals() {
        return edge.partialPacketBudget().refusals();
    }

    /** PUBLISH packets received from clients since start. */
    public long publicationsReceived() {
        return edge.publicationsReceived().sum();
    }

    /** PUBLISH packets sent to clients since start (resends included). */
    public long publicationsSent() {
        return edge.publicationsSent().sum();
    }

    /** CONNECTs answered with a refusing CONNACK since start. */
    /** PUBLISH packets the authorization check dropped since start. */
    public long publicationsDenied() {
        return edge.publicationsDenied().sum();
    }

    public long connectsRefused() {
        return edge.connectsRefused().sum();
    }

    public boolean listening() {
        return serverChannel != null && serverChannel.isActive();
    }

    public synchronized void stop() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup = null;
        }
    }
}
