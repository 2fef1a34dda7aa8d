package org.telemetrybridge.mqtt;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.Channel;

/**
 * One listener of the MQTT server, as a telemetry channel was one of MQ Telemetry's: its address, its
 * transport, who may connect through it and how many at once. Its connections share the packet
 * handlers and the core with every other listener's.
 */
public final class MqttListener {

    private final ListenerSettings settings;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final LongAdder connectionsOverLimit = new LongAdder();
    private final LongAdder tlsHandshakeFailures = new LongAdder();
    private volatile Channel serverChannel;

    MqttListener(ListenerSettings settings) {
        this.settings = settings;
    }

    public String name() {
        return settings.name();
    }

    public ListenerSettings settings() {
        return settings;
    }

    ClientPolicy policy() {
        return settings.policy();
    }

    Transport transport() {
        return settings.transport();
    }

    void bound(Channel channel) {
        this.serverChannel = channel;
    }

    Channel serverChannel() {
        return serverChannel;
    }

    /** Whether the listen socket is open. */
    public boolean listening() {
        Channel channel = serverChannel;
        return channel != null && channel.isActive();
    }

    /** The port the listener bound (useful when configured as 0), or -1 before it is bound. */
    public int port() {
        Channel channel = serverChannel;
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Counts a new connection, or refuses it (false) when max-connections are already open. */
    boolean tryOpenConnection() {
        while (true) {
            int open = openConnections.get();
            if (open >= settings.maxConnections()) {
                connectionsOverLimit.increment();
                return false;
            }
            if (openConnections.compareAndSet(open, open + 1)) {
                return true;
            }
        }
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public int openConnections() {
        return openConnections.get();
    }

    public int maxConnections() {
        return settings.maxConnections();
    }

    /** True while max-connections are open: new connections are closed as they arrive. */
    public boolean saturated() {
        return openConnections() >= maxConnections();
    }

    /** Connections closed on arrival because max-connections were open, since start. */
    public long connectionsOverLimit() {
        return connectionsOverLimit.sum();
    }

    void tlsHandshakeFailed() {
        tlsHandshakeFailures.increment();
    }

    /** TLS handshakes that failed on this listener since start (TBR0134W); 0 on a plain listener. */
    public long tlsHandshakeFailures() {
        return tlsHandshakeFailures.sum();
    }
}
