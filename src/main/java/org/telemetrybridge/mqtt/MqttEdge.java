package org.telemetrybridge.mqtt;

import java.util.concurrent.atomic.LongAdder;

import org.telemetrybridge.session.SessionRegistry;

/** What every connection of every listener shares: the packet handlers and the core they call. */
final class MqttEdge {

    private final SessionRegistry registry;
    private final int maxPacketSize;
    private final int maxKeepAliveSeconds;
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
        this.partialPacketBudget = new PartialPacketBudget(settings.partialPacketBudget());
    }

    SessionRegistry registry() {
        return registry;
    }

    int maxPacketSize() {
        return maxPacketSize;
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
