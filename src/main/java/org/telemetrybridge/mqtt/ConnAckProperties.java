package org.telemetrybridge.mqtt;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * What an accepting MQTT 5 CONNACK tells the client of the bridge. Flags say true only for what is
 * built: wildcard and shared subscriptions, and subscription identifiers.
 *
 * @param receiveMaximum    QoS 1/2 PUBLISHes the client may have unacknowledged (bridge.mqtt.receive-maximum)
 * @param maximumPacketSize the largest packet the bridge takes, fixed header included
 * @param topicAliasMaximum topic aliases the client may set (bridge.mqtt.topic-alias-maximum)
 * @param assignedClientId  the identifier the bridge chose for an empty one, or null
 * @param serverKeepAlive   the keep-alive the bridge holds the client to where it differs from the
 *                          client's, or -1
 * @param sessionExpiry     the session expiry the bridge applies where it is shorter than the
 *                          client's, or -1
 */
record ConnAckProperties(int receiveMaximum, long maximumPacketSize, int topicAliasMaximum, String assignedClientId,
                         int serverKeepAlive, long sessionExpiry) {

    MqttProperties properties() {
        MqttMessageBuilders.ConnAckPropertiesBuilder props = new MqttMessageBuilders.ConnAckPropertiesBuilder()
                .receiveMaximum(receiveMaximum)
                .retainAvailable(true)
                .maximumPacketSize(maximumPacketSize)
                .topicAliasMaximum(topicAliasMaximum)
                .wildcardSubscriptionAvailable(true)
                .subscriptionIdentifiersAvailable(true)
                .sharedSubscriptionAvailable(true);
        if (assignedClientId != null) {
            props.assignedClientId(assignedClientId);
        }
        if (serverKeepAlive >= 0) {
            props.serverKeepAlive(serverKeepAlive);
        }
        if (sessionExpiry >= 0) {
            props.sessionExpiryInterval(sessionExpiry);
        }
        return props.build();
    }
}
