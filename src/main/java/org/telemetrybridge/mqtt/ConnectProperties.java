package org.telemetrybridge.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * What an MQTT 5 CONNECT's properties ask of the bridge; a 3.x CONNECT has none, and gets
 * {@link #MQTT_3}.
 *
 * @param sessionExpiry        seconds the session outlives the connection: 0 it ends with it,
 *                             {@link #NEVER} never; -1 for 3.x (clean session decides, the bridge's
 *                             expiry applies)
 * @param receiveMaximum       QoS 1/2 PUBLISHes the client takes before acknowledging
 * @param maximumPacketSize    the largest packet the client takes, 0 for no limit
 * @param topicAliasMaximum    topic aliases the bridge may set on PUBLISHes to the client
 * @param problemInformation   whether reason strings may go on acknowledgements
 * @param authenticationMethod the enhanced authentication asked for, or null
 */
record ConnectProperties(long sessionExpiry, int receiveMaximum, long maximumPacketSize, int topicAliasMaximum,
                         boolean problemInformation, String authenticationMethod) {

    static final long NEVER = 0xFFFF_FFFFL;
    static final int NO_RECEIVE_MAXIMUM = 65_535;
    static final ConnectProperties MQTT_3 = new ConnectProperties(-1, NO_RECEIVE_MAXIMUM, 0, 0, true, null);

    /** Read from a decoded CONNECT; the decoder and {@link Mqtt5PacketRules} have checked the values. */
    static ConnectProperties of(MqttProperties properties) {
        return new ConnectProperties(
                number(properties, MqttProperties.SESSION_EXPIRY_INTERVAL, 0),
                (int) number(properties, MqttProperties.RECEIVE_MAXIMUM, NO_RECEIVE_MAXIMUM),
                number(properties, MqttProperties.MAXIMUM_PACKET_SIZE, 0),
                (int) number(properties, MqttProperties.TOPIC_ALIAS_MAXIMUM, 0),
                number(properties, MqttProperties.REQUEST_PROBLEM_INFORMATION, 1) == 1,
                properties.getProperty(MqttProperties.AUTHENTICATION_METHOD) instanceof MqttProperties.StringProperty s
                        ? s.value() : null);
    }

    /** An unsigned property value (the decoder gives four-byte integers as signed int), or the default. */
    static long number(MqttProperties properties, int id, long absent) {
        return properties.getProperty(id) instanceof MqttProperties.IntegerProperty p
                ? Integer.toUnsignedLong(p.value()) : absent;
    }
}
