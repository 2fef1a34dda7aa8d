package org.telemetrybridge.mqtt;

import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;

/**
 * The one place that ends connections: it logs why (with the event's message id) and closes the
 * channel, after a refusing CONNACK where the protocol asks for one. Handlers never close channels
 * themselves.
 */
final class Disconnector {

    private Disconnector() {
    }

    /** Closes the connection; the will is published since the client did not send DISCONNECT. */
    static void close(MqttConnection connection, Runnable logEvent) {
        if (connection.markClosing()) {
            connection.disconnectReason(DisconnectReason.PROTOCOL_ERROR); // unless a caller named another
            logEvent.run();
            connection.channel().close();
        }
    }

    /** Refuses a CONNECT with the given return code and closes the connection. */
    static void refuse(MqttConnection connection, MqttConnectReturnCode code, Runnable logEvent) {
        if (connection.markClosing()) {
            logEvent.run();
            connection.refused();
            connection.channel().writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).build())
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The backend's connection was lost: close without publishing the will (the registry logs one
     * line for all clients dropped).
     */
    static void backendLost(MqttConnection connection) {
        connection.disconnectReason(DisconnectReason.BACKEND_LOST);
        clientDisconnected(connection);
    }

    /** The client said DISCONNECT: close without publishing its will. */
    static void clientDisconnected(MqttConnection connection) {
        connection.disconnectReason(DisconnectReason.CLIENT_DISCONNECT);
        connection.markCleanDisconnect();
        if (connection.markClosing()) {
            connection.channel().close();
        }
    }
}
