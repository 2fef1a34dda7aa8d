package org.telemetrybridge.backend.embedded;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnection;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

/**
 * Lets the embedded broker's TCP connections to JMS applications send what is waiting in one system
 * call rather than one per message. The broker's delivery threads write and flush every message on
 * its own; for a consumer of many small messages the {@code send} calls were a fifth of the bridge's
 * CPU. Netty's {@link FlushConsolidationHandler} turns the flushes queued on the connection's event
 * loop into one that runs right after them, so nothing waits for a timer (as the broker's own
 * {@code batchDelay} would make it).
 */
final class ConsolidatedFlushes implements ActiveMQServerConnectionPlugin {

    /** Flush at least this often within one burst, so a long burst still streams out. */
    private static final int MAX_FLUSHES_HELD = 64;

    @Override
    public void afterCreateConnection(RemotingConnection connection) {
        if (connection.getTransportConnection() instanceof NettyConnection netty) {
            Channel channel = netty.getChannel();
            channel.pipeline().addFirst("consolidated-flushes", new FlushConsolidationHandler(MAX_FLUSHES_HELD, true));
        }
    }
}
