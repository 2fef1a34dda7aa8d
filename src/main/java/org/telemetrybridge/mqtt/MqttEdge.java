package org.telemetrybridge.mqtt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.Authorizer;
import org.telemetrybridge.topic.TopicLimits;

/** What every connection of every listener shares: the packet handlers and the core they call. */
final class MqttEdge {

    private final SessionRegistry registry;
    private final ClientPolicy policy;
    private final int maxPacketSize;
    private final int maxConnections;
    private final int maxKeepAliveSeconds;
    private final PartialPacketBudget partialPacketBudget;
    private final ConnectHandler connectHandler = new ConnectHandler(this);
    private final PublishHandler publishHandler = new PublishHandler(this);
    private final SubscribeHandler subscribeHandler = new SubscribeHandler(this);
    private final AtomicInteger openConnections = new AtomicInteger();
    private final LongAdder publicationsReceived = new LongAdder();
    private final LongAdder publicationsSent = new LongAdder();
    private final LongAdder connectsRefused = new LongAdder();
    private final LongAdder publicationsDenied = new LongAdder();
    private final LongAdder connectionsOverLimit = new LongAdder();

    MqttEdge(SessionRegistry registry, ClientPolicy policy, MqttSettings settings) {
        this.registry = registry;
        this.policy = policy;
        this.maxPacketSize = settings.maxPacketSize();
        this.maxConnections = settings.maxConnections();
        this.maxKeepAliveSeconds = settings.maxKeepAliveSeconds();
        this.partialPacketBudget = new PartialPacketBudget(settings.partialPacketBudget());
    }

    SessionRegistry registry() {
        return registry;
    }

    ClientIdRule clientIdRule() {
        return policy.clientIdRule();
    }

    TopicLimits topicLimits() {
        return policy.topicLimits();
    }

    Authenticator authenticator() {
        return policy.authenticator();
    }

    Authorizer authorizer() {
        return policy.authorizer();
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

    /** Counts a new connection, or refuses it (false) when max-connections are already open. */
    boolean tryOpenConnection() {
        while (true) {
            int open = openConnections.get();
            if (open >= maxConnections) {
                connectionsOverLimit.increment();
                return false;
            }
            if (openConnections.compareAndSet(open, open + 1)) {
                return true;
            }
        }
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    int openConnections() {
        return openConnections.get();
    }

    int maxConnections() {
        return maxConnections;
    }

    LongAdder connectionsOverLimit() {
        return connectionsOverLimit;
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

    /** The listener's name, for authentication and logs; one listener today. */
    String listenerName() {
        return "default";
    }

    LongAdder connectsRefused() {
        return connectsRefused;
    }
}
