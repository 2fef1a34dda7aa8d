package org.telemetrybridge.mqtt;

import io.netty.channel.ChannelPipeline;

/**
 * How one listener carries MQTT to and from its clients. Plain TCP adds nothing; TLS (an SslHandler)
 * and WebSockets (HTTP upgrade, binary frames) put their handlers in front of the MQTT handlers, which
 * every transport shares unchanged.
 */
public interface Transport {

    /** MQTT straight on the TCP connection. */
    Transport TCP = new Transport() {
        @Override
        public String name() {
            return "tcp";
        }

        @Override
        public void addHandlers(ChannelPipeline pipeline) {
        }
    };

    /** The transport's name in logs and settings: tcp, tls, ws, wss. */
    String name();

    /** Adds this transport's handlers to a new connection's pipeline, in front of the MQTT handlers. */
    void addHandlers(ChannelPipeline pipeline);
}
