package org.telemetrybridge.mqtt;

import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;

/**
 * The one place that ends connections: it logs why (with the event's message id) and closes the
 * channel, after a refusing CONNACK where the protocol asks for one, or, to an MQTT 5 client that
 * has its CONNACK, after a DISCONNECT with the reason. Handlers never close channels themselves.
 */
final class Disconnector {

    private Disconnector() {
    }

    /** Closes the connection; the will is published since the client did not send DISCONNECT. */
    static void close(MqttConnection connection, Runnable logEvent) {
        close(connection, MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR.byteValue(), null, logEvent);
    }

    /** As {@link #close(MqttConnection, Runnable)}, telling an MQTT 5 client why. */
    static void close(MqttConnection connection, MqttReasonCodes.Disconnect reason, String reasonString,
                      Runnable logEvent) {
        close(connection, reason.byteValue(), reasonString, logEvent);
    }

    static void close(MqttConnection connection, byte reasonCode, String reasonString, Runnable logEvent) {
        if (connection.markClosing()) {
            connection.disconnectReason(DisconnectReason.PROTOCOL_ERROR); // unless a caller named another
            logEvent.run();
            // The server sends DISCONNECT only after a CONNACK that accepted [MQTT-3.14.0-1].
            MqttMessage disconnect = connection.state() == MqttConnection.State.CONNECTED
                    ? connection.writer().disconnect(reasonCode, reasonString) : null;
            if (disconnect != null) {
                connection.channel().writeAndFlush(disconnect).addListener(ChannelFutureListener.CLOSE);
            } else {
                connection.channel().close();
            }
        }
    }

    /** Refuses a CONNECT with the given return code and closes the connection. */
    static void refuse(MqttConnection connection, MqttConnectReturnCode code, Runnable logEvent) {
        refuse(connection, code, null, logEvent);
    }

    /** As {@link #refuse(MqttConnection, MqttConnectReturnCode, Runnable)}, telling an MQTT 5 client why. */
    static void refuse(MqttConnection connection, MqttConnectReturnCode code, String reasonString, Runnable logEvent) {
        if (connection.markClosing()) {
            logEvent.run();
            connection.refused();
            connection.channel().writeAndFlush(connection.writer().connAckRefusal(code, reasonString))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Refuses an MQTT 5 CONNECT that broke a rule the framer checks, with CONNACK and the reason code
     * [MQTT-4.13.1-1]; the decoder never saw it, so the CONNACK is written as bytes.
     */
    static void refuseMqtt5Connect(MqttConnection connection, byte reasonCode, Runnable logEvent) {
        if (connection.markClosing()) {
            logEvent.run();
            connection.refused();
            connection.channel().writeAndFlush(PacketWriter.rawConnAckRefusal(reasonCode))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The backend's connection was lost: close without publishing the will (the registry logs one
     * line for all clients dropped).
     */
    static void backendLost(MqttConnection connection) {
        connection.disconnectReason(DisconnectReason.BACKEND_LOST);
        connection.markCleanDisconnect();
        close(connection, MqttReasonCodes.Disconnect.SERVER_BUSY, "the backend connection was lost", () -> { });
    }

    /** The client said DISCONNECT: close without publishing its will. */
    static void clientDisconnected(MqttConnection connection) {
        connection.disconnectReason(DisconnectReason.CLIENT_DISCONNECT);
        connection.markCleanDisconnect();
        if (connection.markClosing()) {
            connection.channel().close();
        }
    }

    /** The client said DISCONNECT with reason 0x04: close and publish its will. */
    static void clientDisconnectedWithWill(MqttConnection connection) {
        connection.disconnectReason(DisconnectReason.CLIENT_DISCONNECT);
        if (connection.markClosing()) {
            connection.channel().close();
        }
    }
}
