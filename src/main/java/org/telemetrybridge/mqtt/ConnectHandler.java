package org.telemetrybridge.mqtt;

import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.ClientIdentity;
import org.telemetrybridge.session.port.Credentials;
import org.telemetrybridge.session.ClientIdClashException;
import org.telemetrybridge.session.ClientIdGenerator;
import org.telemetrybridge.session.ClientIdHeldOffException;
import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.session.Will;

/**
 * CONNECT, in small steps: check the protocol, the flags and the client identifier, authenticate,
 * check the backend, then let the registry take over and restore the session, and answer with CONNACK.
 */
final class ConnectHandler {

    private static final int MQTT_3_1 = 3;
    private static final int MQTT_3_1_1 = 4;
    private static final int MQTT_5 = 5;

    private final MqttEdge edge;

    ConnectHandler(MqttEdge edge) {
        this.edge = edge;
    }

    void connect(MqttConnection connection, MqttConnectMessage connect) {
        String remote = connection.remoteAddress();
        if (connection.state() != MqttConnection.State.AWAITING_CONNECT) {
            Disconnector.close(connection, () -> BridgeLog.secondConnect(connection.clientId(), remote));
            return;
        }
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        int level = header.version();
        if (level != MQTT_3_1 && level != MQTT_3_1_1 && level != MQTT_5) {
            Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    () -> BridgeLog.unsupportedProtocol(remote, "protocol level " + level
                            + "; this bridge speaks MQTT 3.1 (level 3), 3.1.1 (level 4) and 5 (level 5)"));
            return;
        }
        ConnectProperties asked = level == MQTT_5 ? ConnectProperties.of(header.properties()) : ConnectProperties.MQTT_3;
        connection.speaking(new PacketWriter(level, asked.problemInformation()), asked);
        if (asked.authenticationMethod() != null && !edge.enhancedAuthentication().offers(asked.authenticationMethod())) {
            Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                    "no enhanced authentication method is offered",
                    () -> BridgeLog.authenticationMethodRefused(payload.clientIdentifier(), remote,
                            asked.authenticationMethod()));
            return;
        }
        String badFlags = flagViolation(header, level);
        if (badFlags != null) {
            Disconnector.close(connection, () -> BridgeLog.connectFlagsInvalid(payload.clientIdentifier(), remote,
                    badFlags));
            return;
        }
        String clientId = clientId(connection, payload.clientIdentifier(), level, header.isCleanSession());
        if (clientId == null) {
            return;
        }
        Will will = will(edge, connection, header, payload, clientId);
        if (header.isWillFlag() && will == null) {
            return;
        }
        // From here packets wait until CONNACK; the connect timeout stays until then, so neither a slow
        // authentication nor a backend step that never ends can hold the client id.
        connection.connecting(clientId);
        Credentials credentials = new Credentials(connection.listener().name(), clientId,
                header.hasUserName() ? payload.userName() : null,
                header.hasPassword() ? payload.passwordInBytes() : null, remote,
                TlsTransport.clientCertificates(connection.channel().pipeline()));
        connection.policy().authenticator().authenticate(credentials).whenCompleteAsync((outcome, failure) -> {
            credentials.clear();
            if (connection.isClosing()) {
                return;
            }
            if (failure != null) {
                Throwable cause = causeOf(failure);
                // A full queue of password checks was logged by the authentication step itself (TBR0098W).
                Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                        cause instanceof RejectedExecutionException ? () -> { }
                                : () -> BridgeLog.authenticationError(clientId, remote, cause));
            } else if (outcome instanceof Authenticator.Refused refused) {
                boolean badCredentials = refused.refusal() == Authenticator.Refusal.BAD_CREDENTIALS;
                Disconnector.refuse(connection, badCredentials
                                ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD
                                : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                        badCredentials ? "bad user name or password" : "not authorized",
                        () -> BridgeLog.authenticationRefused(clientId, remote, refused.refusal().name(),
                                refused.reason()));
            } else {
                ClientIdentity identity = ((Authenticator.Accepted) outcome).identity();
                if (will != null && !connection.policy().authorizer().mayPublish(identity, will.topic())) {
                    Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                            "not authorized to publish the will",
                            () -> BridgeLog.authenticationRefused(clientId, remote, "NOT_AUTHORIZED",
                                    "may not publish its will to '" + will.topic() + "'"));
                    return;
                }
                connection.identified(identity);
                String requested = payload.clientIdentifier();
                attach(connection, clientId, header, will, level, asked,
                        requested == null || requested.isEmpty() ? clientId : null);
            }
        }, connection.executor());
    }

    /** The failure a future completed with, unwrapped from the CompletionException a dependent stage adds. */
    private static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The client is who it says: take over the client id, restore or create its session, CONNACK. */
    private void attach(MqttConnection connection, String clientId, MqttConnectVariableHeader header, Will will,
                        int level, ConnectProperties asked, String assignedId) {
        String remote = connection.remoteAddress();
        if (!edge.registry().backendAvailable()) {
            Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    () -> BridgeLog.serverUnavailable(clientId, remote, edge.registry().backendDescription()));
            return;
        }
        int keepAlive = edge.keepAliveSeconds(header.keepAliveTimeSeconds());
        // MQTT 5 parts what clean session meant in two: clean start (discard what is there) and the session
        // expiry (keep the session after the connection, here: persistent).
        boolean persistent = level == MQTT_5 ? asked.sessionExpiry() > 0 : !header.isCleanSession();
        edge.registry().connect(clientId, header.isCleanSession(), persistent, will, connection)
                .whenCompleteAsync((attachment, failure) -> {
                    if (failure != null) {
                        Throwable cause = causeOf(failure);
                        if (cause instanceof ClientIdClashException clash) {
                            Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                                    () -> BridgeLog.queueManagerNameClash(clientId, remote, clash.other(),
                                            edge.registry().queueManagerName(clientId)));
                            return;
                        }
                        Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                                cause instanceof ClientIdHeldOffException
                                        ? () -> BridgeLog.clientIdHeldOff(clientId, remote)
                                        : () -> BridgeLog.connectFailed(clientId, remote, failure));
                        return;
                    }
                    if (connection.isClosing() || !connection.channel().isActive()) {
                        // The client went away (or was taken over, or timed out) while its session was set
                        // up: it was never connected, so no will is published.
                        attachment.session().detach(connection, true);
                        return;
                    }
                    if (keepAlive > 0) {
                        connection.channel().pipeline().addBefore(MqttConnection.NAME, KeepAliveHandler.NAME,
                                new KeepAliveHandler(connection, keepAlive));
                    }
                    // MQTT 3.1 has no session-present flag: the byte is reserved there.
                    boolean sessionPresent = level != MQTT_3_1 && attachment.sessionPresent();
                    attachment.session().expiryInterval(asked.sessionExpiry());
                    connection.channel().pipeline().remove(ConnectTimeoutHandler.NAME);
                    connection.write(connection.writer().connAck(sessionPresent, new ConnAckProperties(
                            edge.receiveMaximum(), edge.maximumPacketSizeWithHeader(), edge.topicAliasMaximum(),
                            assignedId, keepAlive == header.keepAliveTimeSeconds() ? -1 : keepAlive,
                            cappedExpiry(clientId, asked.sessionExpiry()))));
                    attachment.session().startDelivery();
                    connection.connected(attachment.session(), level, keepAlive);
                }, connection.executor());
    }

    /**
     * The session expiry the bridge applies, in seconds, where it is shorter than the one an MQTT 5
     * client asked for (CONNACK tells the client); -1 where the client's applies, and for 3.x.
     */
    private long cappedExpiry(String clientId, long asked) {
        long limit = edge.registry().sessionExpiryLimit(clientId).toSeconds();
        return asked > 0 && limit > 0 && (asked == ConnectProperties.NEVER || asked > limit) ? limit : -1;
    }

    /**
     * What in the CONNECT flags breaks a rule of the client's protocol level, or null. The reserved
     * flag of 3.1.1 [MQTT-3.1.2-3] is refused by the decoder already. MQTT 3.1 states no rule for the
     * will fields without a will, nor for a password without a user name, so a 3.1 client is not held
     * to them; QoS 3 exists in neither.
     */
    static String flagViolation(MqttConnectVariableHeader header, int level) {
        if (header.isWillFlag() && header.willQos() == 3) {
            return "Will QoS 3 [MQTT-3.1.2-14]";
        }
        if (level == MQTT_3_1) {
            return null;
        }
        if (!header.isWillFlag() && header.willQos() != 0) {
            return "Will QoS " + header.willQos() + " without the Will Flag [MQTT-3.1.2-11] [MQTT-3.1.2-13]";
        }
        if (!header.isWillFlag() && header.isWillRetain()) {
            return "Will Retain without the Will Flag [MQTT-3.1.2-11] [MQTT-3.1.2-15]";
        }
        // MQTT 5 allows a password without a user name (section 3.1.2.9).
        if (level == MQTT_3_1_1 && header.hasPassword() && !header.hasUserName()) {
            return "a password without a user name [MQTT-3.1.2-22]";
        }
        return null;
    }

    /** The client identifier to use, or null if the connection was refused. */
    private String clientId(MqttConnection connection, String requested, int level, boolean cleanSession) {
        String remote = connection.remoteAddress();
        if (requested == null || requested.isEmpty()) {
            // MQTT 5 returns the generated id (Assigned Client Identifier), so the client can resume its session.
            if ((level == MQTT_3_1_1 && cleanSession) || level == MQTT_5) {
                return ClientIdGenerator.generate();
            }
            String reason = level == MQTT_3_1 ? "MQTT 3.1 requires a client identifier of 1 to 23 characters"
                    : "an empty client identifier is allowed only with clean session";
            refuseIdentifier(connection, "", reason);
            return null;
        }
        ClientIdRule rule = connection.policy().clientIdRule();
        String violation = rule.violation(requested, level);
        if (violation != null) {
            refuseIdentifier(connection, requested, violation);
            return null;
        }
        if (rule.mode() != ClientIdRule.Mode.QMGR_NAME) {
            String notQmgrName = ClientIdRule.queueManagerNameViolation(requested);
            if (notQmgrName != null && rule.mode() == ClientIdRule.Mode.MQTT) {
                BridgeLog.clientIdNotAddressable(requested, remote, notQmgrName);
            } else if (notQmgrName != null) {
                BridgeLog.derivedQueueManagerName(requested, remote, rule.queueManagerName(requested));
            }
        }
        return requested;
    }

    private static void refuseIdentifier(MqttConnection connection, String clientId, String reason) {
        Disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, reason,
                () -> BridgeLog.clientIdRejected(clientId, connection.remoteAddress(), reason));
    }

    /** The will of the connection, null if it has none or if its topic is invalid (connection closed). */
    private static Will will(MqttEdge edge, MqttConnection connection, MqttConnectVariableHeader header,
                             MqttConnectPayload payload, String clientId) {
        if (!header.isWillFlag()) {
            return null;
        }
        String topic = payload.willTopic();
        if (TopicNameCheck.refused(edge, connection, clientId, topic, "will topic: ")) {
            return null;
        }
        byte[] message = payload.willMessageInBytes();
        // Read at time 0: the will's expiry counts from its publication (Will.toPublication).
        return new Will(topic, message == null ? new byte[0] : message, header.willQos(), header.isWillRetain(),
                MessagePropertiesCodec.read(payload.willProperties(), 0),
                ConnectProperties.number(payload.willProperties(), MqttProperties.WILL_DELAY_INTERVAL, 0));
    }
}
