package org.telemetrybridge.backend.embedded;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.jms.MessageMapping;

/**
 * The divert that is one device subscription on the stand-in, whether the bridge deploys it in its own
 * broker ({@link EmbeddedDeviceSubscriptions}) or through a shared broker's management
 * ({@link RemoteDeviceSubscriptions}): both make the same divert, so either finds the other's.
 *
 * <p>A divert on a wildcard address also sees messages sent to queues whose names match (a JMS
 * application's queue, the transmit queue itself); its filter lets only topic publications through,
 * and keeps {@code +} and {@code #} at the start of a filter off topics that begin with {@code $}
 * [MQTT-4.7.2-1]. With No Local it also leaves out the publications of the subscription's own client,
 * which both publication routes mark with {@value MessageMapping#CLIENT_ID} [MQTT-3.8.3-3].
 */
final class DeviceSubscriptionDivert {

    /** Publications only: a message routed as a topic publication (multicast) carries routing type 0. */
    private static final String PUBLICATIONS = Message.HDR_ROUTING_TYPE + " = " + RoutingType.MULTICAST.getType();
    private static final String NOT_DOLLAR_TOPICS = " AND AMQAddress NOT LIKE '$%'";

    private DeviceSubscriptionDivert() {
    }

    /** MQ Telemetry's name of a subscription, which is also the old JMS durable subscription's. */
    static String name(String clientId, String filter) {
        return clientId + ":" + filter;
    }

    static DivertConfiguration of(String name, String clientId, String queueManagerName, String filter, int qos,
                                  boolean noLocal) {
        return new DivertConfiguration()
                .setName(name)
                .setAddress(filter)
                .setForwardingAddress(MqObjectNames.TRANSMIT_QUEUE)
                .setExclusive(false)
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                .setFilterString(filterString(filter, clientId, noLocal))
                .setTransformerConfiguration(new TransformerConfiguration(DeviceSubscriptionCopy.class.getName())
                        .setProperties(DeviceSubscriptionCopy.properties(clientId, queueManagerName, filter, qos,
                                noLocal)));
    }

    static String filterString(String filter, String clientId, boolean noLocal) {
        String publications = filter.startsWith("+") || filter.startsWith("#") ? PUBLICATIONS + NOT_DOLLAR_TOPICS
                : PUBLICATIONS;
        if (!noLocal) {
            return publications;
        }
        // A JMS application's message has no client id: it is never the client's own.
        return publications + " AND (" + MessageMapping.CLIENT_ID + " IS NULL OR " + MessageMapping.CLIENT_ID
                + " <> " + quoted(clientId) + ")";
    }

    /** A string literal of Artemis' (SQL 92) filter syntax: a quote inside is doubled. */
    static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
