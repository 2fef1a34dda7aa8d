package org.telemetrybridge.mqtt;

import java.util.concurrent.atomic.LongAdder;

import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.session.port.EnhancedAuthentication;

/** What every connection of every listener shares: the packet handlers and the core they call. */
final class MqttEdge {

    private final SessionRegistry registry;
    private final int maxPacketSize;
    private final int maxKeepAliveSeconds;
    private final int receiveMaximum;
    private final int topicAliasMaximum;
    private final int outboundTopicAliasMaximum;
    private final EnhancedAuthentication enhancedAuthentication = EnhancedAuthentication.NONE;
    private final LongAdder publicationsTooLarge = new LongAdder();
    private final PartialPacketBudget partialPacketBudget;
    private final ConnectHandler connectHandler = new ConnectHandler(this);
    private final PublishHandler publishHandler = new PublishHandler(this);
    private final SubscribeHandler subscribeHandler = new SubscribeHandler(this);
    private final LongAdder publicationsReceived = new LongAdder();
    private final LongAdder publicationsSent = new LongAdder();
    private final LongAdder connectsRefused = new LongAdder();
    private final LongAdder publicationsDenied = new LongAdder();
    private final TrafficMeter traffic = new TrafficMeter();

    MqttEdge(SessionRegistry registry, MqttSettings settings) {
        this.registry = registry;
        this.maxPacketSize = settings.maxPacketSize();
        this.maxKeepAliveSeconds = settings.maxKeepAliveSeconds();
        this.receiveMaximum = settings.receiveMaximum();
        this.topicAliasMaximum = settings.topicAliasMaximum();
        this.outboundTopicAliasMaximum = settings.outboundTopicAliasMaximum();
        this.partialPacketBudget = new PartialPacketBudget(settings.partialPacketBudget());
    }

    SessionRegistry registry() {
        return registry;
    }

    int maxPacketSize() {
        return maxPacketSize;
    }

    /**
     * The largest packet the bridge takes, fixed header included, as MQTT 5's Maximum Packet Size counts
     * it: the fixed header of a packet of {@link #maxPacketSize} bytes after it, and those bytes.
     */
    long maximumPacketSizeWithHeader() {
        return 1L + PacketWriter.variableByteIntegerLength(maxPacketSize) + maxPacketSize;
    }

    /** QoS 1/2 PUBLISHes an MQTT 5 client may have unacknowledged (CONNACK's Receive Maximum). */
    int receiveMaximum() {
        return receiveMaximum;
    }

    /** Topic aliases an MQTT 5 client may set (CONNACK's Topic Alias Maximum). */
    int topicAliasMaximum() {
        return topicAliasMaximum;
    }

    /** Topic aliases the bridge sets on PUBLISHes to an MQTT 5 client at most (bridge.mqtt.outbound-topic-alias-maximum). */
    int outboundTopicAliasMaximum() {
        return outboundTopicAliasMaximum;
    }

    /** The MQTT 5 enhanced authentication methods offered: none yet. */
    EnhancedAuthentication enhancedAuthentication() {
        return enhancedAuthentication;
    }

    /** Publications not sent to MQTT 5 clients because they exceed the client's Maximum Packet Size. */
    LongAdder publicationsTooLarge() {
        return publicationsTooLarge;
    }

    ConnectHandler connectHandler() {
        return connectHandler;
    }

    PublishHandler publishHandler() {
        return publishHandler;
    }

    SubscribeHandler subscribeHandler() {
        return subscribeHandler;
    }

    PartialPacketBudget partialPacketBudget() {
        return partialPacketBudget;
    }
    /**
     * The keep-alive the bridge applies to a client that asked for {@code requested} seconds: with a
     * maximum configured, keep-alive 0 (none) and longer ones are held to it. MQTT 3.1.1 has no way to
     * tell the client, which is fine: a client that pings within its own keep-alive also does within a
     * longer one, and one that asked for none can only be idle for that long.
     */
    int keepAliveSeconds(int requested) {
        if (maxKeepAliveSeconds > 0 && (requested == 0 || requested > maxKeepAliveSeconds)) {
            return maxKeepAliveSeconds;
        }
        return requested;
    }

    LongAdder publicationsReceived() {
        return publicationsReceived;
    }

    LongAdder publicationsSent() {
        return publicationsSent;
    }

    /** PUBLISH packets the authorization check dropped. */
    LongAdder publicationsDenied() {
        return publicationsDenied;
    }

    LongAdder connectsRefused() {
        return connectsRefused;
    }

    TrafficMeter traffic() {
        return traffic;
    }
}
