package org.telemetrybridge.mqtt;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
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
 * The MQTT server: one Netty server socket per {@link MqttListener}, all on the same network threads;
 * {@link MqttChannelInitializer} makes each connection's pipeline, its listener's transport in front of
 * the MQTT codec and an {@link MqttConnection}.
 */
public final class MqttServer {

    /** The listener {@code bridge.mqtt.port} configures. */
    public static final String DEFAULT_LISTENER = "default";

    private final MqttSettings settings;
    private final MqttEdge edge;
    private final List<MqttListener> listeners;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;

    public MqttServer(MqttSettings settings, SessionRegistry registry, List<ListenerSettings> listeners) {
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("No MQTT listener is configured");
        }
        this.settings = settings;
        this.edge = new MqttEdge(registry, settings);
        this.listeners = listeners.stream().map(MqttListener::new).toList();
    }

    /** Binds every listener; if one cannot bind, those bound are closed again and the start fails. */
    public synchronized void start() {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        workerGroup = new MultiThreadIoEventLoopGroup(settings.ioThreads(), io);
        for (MqttListener listener : listeners) {
            bind(listener, channelType);
        }
    }

    private void bind(MqttListener listener, Class<? extends ServerChannel> channelType) {
        ListenerSettings listenerSettings = listener.settings();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, listenerSettings.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new MqttChannelInitializer(edge, settings, listener));
        String host = listenerSettings.host();
        InetSocketAddress address = host == null || host.isBlank()
                ? new InetSocketAddress(listenerSettings.port()) : new InetSocketAddress(host, listenerSettings.port());
        String transport = listener.transport().name();
        try {
            listener.bound(bootstrap.bind(address).syncUninterruptibly().channel());
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            BridgeLog.listenerFailed("MQTT (" + transport + ") '" + listener.name() + "'", address.toString(), e);
            stop();
            throw new IllegalStateException("The MQTT listener '" + listener.name() + "' could not bind " + address
                    + (DEFAULT_LISTENER.equals(listener.name()) ? " (bridge.mqtt.port)"
                    : " (bridge.listeners." + listener.name() + ".port)"), e);
        }
        BridgeLog.mqttListenerStarted(listener.name(), transport, String.valueOf(listener.serverChannel().localAddress()),
                listenerSettings.anonymousAllowed() ? "anonymous clients allowed" : "clients must authenticate");
    }

    /** The listeners, in the order they were configured. */
    public List<MqttListener> listeners() {
        return listeners;
    }

    public MqttListener listener(String name) {
        return listeners.stream().filter(listener -> listener.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No MQTT listener named '" + name + "'"));
    }

    /** The port of the default listener, or of the first one if the default is disabled. */
    public int port() {
        return listeners.stream().filter(listener -> listener.name().equals(DEFAULT_LISTENER)).findFirst()
                .orElse(listeners.getFirst()).port();
    }

    /** The port the named listener bound. */
    public int port(String listener) {
        return listener(listener).port();
    }

    /** Open connections across all listeners. */
    public int openConnections() {
        return listeners.stream().mapToInt(MqttListener::openConnections).sum();
    }

    /** The most connections all listeners keep open together. */
    public int maxConnections() {
        return (int) Math.min(Integer.MAX_VALUE, listeners.stream().mapToLong(MqttListener::maxConnections).sum());
    }

    /** True while every listener has its max-connections open: no new client can get in. */
    public boolean saturated() {
        return listeners.stream().allMatch(MqttListener::saturated);
    }

    /** Connections closed on arrival because their listener's max-connections were open, since start. */
    public long connectionsOverLimit() {
        return listeners.stream().mapToLong(MqttListener::connectionsOverLimit).sum();
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

    /** PUBLISH packets the authorization check dropped since start. */
    public long publicationsDenied() {
        return edge.publicationsDenied().sum();
    }

    /** Publications not sent to MQTT 5 clients because they exceed the client's Maximum Packet Size (TBR0362W). */
    public long publicationsTooLargeForClients() {
        return edge.publicationsTooLarge().sum();
    }

    /** CONNECTs answered with a refusing CONNACK since start. */
    public long connectsRefused() {
        return edge.connectsRefused().sum();
    }

    /** True while every listener is bound. */
    public boolean listening() {
        return listeners.stream().allMatch(MqttListener::listening);
    }

    /** Bytes, messages, connects and disconnects since start. */
    public TrafficMeter traffic() {
        return edge.traffic();
    }

    public synchronized void stop() {
        edge.traffic().stopping();
        for (MqttListener listener : listeners) {
            Channel channel = listener.serverChannel();
            if (channel != null) {
                channel.close().syncUninterruptibly();
            }
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup = null;
        }
    }
}
