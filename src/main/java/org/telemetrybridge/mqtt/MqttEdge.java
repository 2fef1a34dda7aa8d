package org.telemetrybridge.mqtt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.telemetrybridge.backend.Backend;
import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.session.TopicLimits;

/** What every connection of every listener shares: the packet handlers and the core they call. */
final class MqttEdge {

    private final SessionRegistry registry;
    private final Backend backend;
    private final ClientIdRule clientIdRule;
    private final TopicLimits topicLimits;
    private final int maxPacketSize;
    private final ConnectHandler connectHandler = new ConnectHandler(this);
    private final PublishHandler publishHandler = new PublishHandler(this);
    private final SubscribeHandler subscribeHandler = new SubscribeHandler(this);
    private final AtomicInteger openConnections = new AtomicInteger();
    private final LongAdder publicationsReceived = new LongAdder();
    private final LongAdder publicationsSent = new LongAdder();
    private final LongAdder connectsRefused = new LongAdder();

    MqttEdge(SessionRegistry registry, Backend backend, ClientIdRule clientIdRule, TopicLimits topicLimits,
             int maxPacketSize) {
        this.registry = registry;
        this.backend = backend;
        this.clientIdRule = clientIdRule;
        this.topicLimits = topicLimits;
        this.maxPacketSize = maxPacketSize;
    }

    SessionRegistry registry() {
        return registry;
    }

    Backend backend() {
        return backend;
    }

    ClientIdRule clientIdRule() {
        return clientIdRule;
    }

    TopicLimits topicLimits() {
        return topicLimits;
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

    void connectionOpened() {
        openConnections.incrementAndGet();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    int openConnections() {
        return openConnections.get();
    }

    LongAdder publicationsReceived() {
        return publicationsReceived;
    }

    LongAdder publicationsSent() {
        return publicationsSent;
    }

    LongAdder connectsRefused() {
        return connectsRefused;
    }
}
