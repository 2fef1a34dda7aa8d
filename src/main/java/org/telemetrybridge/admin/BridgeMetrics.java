package org.telemetrybridge.admin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

import org.telemetrybridge.backend.jms.JmsTransmitQueue;
import org.telemetrybridge.mqtt.MqttListener;
import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.session.PointToPoint;
import org.telemetrybridge.session.Session;
import org.telemetrybridge.session.SessionJanitor;
import org.telemetrybridge.session.SessionRegistry;

/**
 * The bridge's figures for Prometheus ({@code /actuator/prometheus}). The core counts with plain
 * adders; this binder only reads them, so the core stays free of Micrometer.
 */
@Component
public class BridgeMetrics implements MeterBinder {

    private final MqttServer mqtt;
    private final SessionRegistry sessions;
    private final PointToPoint pointToPoint;
    private final JmsTransmitQueue transmitQueue;
    private final SessionJanitor janitor;

    public BridgeMetrics(MqttServer mqtt, SessionRegistry sessions, PointToPoint pointToPoint,
                         JmsTransmitQueue transmitQueue, SessionJanitor janitor) {
        this.janitor = janitor;
        this.mqtt = mqtt;
        this.sessions = sessions;
        this.pointToPoint = pointToPoint;
        this.transmitQueue = transmitQueue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("bridge.mqtt.connections", mqtt, MqttServer::openConnections)
                .description("Open MQTT network connections").register(registry);
        for (MqttListener listener : mqtt.listeners()) {
            Gauge.builder("bridge.mqtt.listener.connections", listener, MqttListener::openConnections)
                    .tag("listener", listener.name())
                    .description("Open MQTT network connections of one listener").register(registry);
            FunctionCounter.builder("bridge.mqtt.tls.handshake.failures", listener, MqttListener::tlsHandshakeFailures)
                    .tag("listener", listener.name())
                    .description("TLS handshakes that failed on one listener (TBR0134W); 0 on plain listeners")
                    .register(registry);
        }
        Gauge.builder("bridge.sessions", sessions, s -> s.sessions().size())
                .description("Sessions, connected or persistent and waiting for their client").register(registry);
        Gauge.builder("bridge.sessions.connected", sessions,
                        s -> s.sessions().stream().filter(Session::connected).count())
                .description("Sessions with a connected client").register(registry);
        Gauge.builder("bridge.backend.connected", sessions, r -> r.backendAvailable() ? 1 : 0)
                .description("1 while the backend (queue manager) is connected, else 0").register(registry);
        Gauge.builder("bridge.mqtt.inflight", sessions,
                        r -> r.sessions().stream().mapToLong(Session::inflightMessages).sum())
                .description("Messages sent to clients and not yet acknowledged, all clients").register(registry);
        Gauge.builder("bridge.mqtt.queued", sessions,
                        r -> r.sessions().stream().mapToLong(Session::queuedMessages).sum())
                .description("Messages waiting in the bridge behind the clients' in-flight windows").register(registry);
        Gauge.builder("bridge.transmit.waiting", pointToPoint, PointToPoint::heldNow)
                .description("Transmit-queue messages held now for absent or slow clients").register(registry);
        Gauge.builder("bridge.subscriptions.shared", sessions, SessionRegistry::sharedFilterCount)
                .description("Distinct filters of clean-session subscriptions, one backend consumer each")
                .register(registry);
        FunctionCounter.builder("bridge.mqtt.publications.received", mqtt, MqttServer::publicationsReceived)
                .description("PUBLISH packets received from clients").register(registry);
        FunctionCounter.builder("bridge.mqtt.publications.sent", mqtt, MqttServer::publicationsSent)
                .description("PUBLISH packets sent to clients, resends included").register(registry);
        FunctionCounter.builder("bridge.mqtt.connects.refused", mqtt, MqttServer::connectsRefused)
                .description("CONNECTs refused with a CONNACK return code").register(registry);
        FunctionCounter.builder("bridge.mqtt.publications.denied", mqtt, MqttServer::publicationsDenied)
                .description("PUBLISH packets acknowledged and dropped by the authorization check (TBR0091W)")
                .register(registry);
        FunctionCounter.builder("bridge.mqtt.connections.refused", mqtt, MqttServer::connectionsOverLimit)
                .description("Connections closed on arrival at bridge.mqtt.max-connections (TBR0100W)")
                .register(registry);
        Gauge.builder("bridge.mqtt.partial.packet.bytes", mqtt, MqttServer::partialPacketBytes)
                .description("Bytes held by packets still arriving, all connections together").register(registry);
        FunctionCounter.builder("bridge.mqtt.partial.packet.refusals", mqtt, MqttServer::partialPacketRefusals)
                .description("Connections closed because their unfinished packet was over the budget (TBR0101W)")
                .register(registry);
        FunctionCounter.builder("bridge.sessions.expired", janitor, SessionJanitor::expiredCount)
                .description("Persistent sessions removed because their client stayed away past the expiry")
                .register(registry);
        FunctionCounter.builder("bridge.mqtt.takeovers", sessions, r -> r.takeOvers().takeOvers())
                .description("Connections closed because the same client id connected again").register(registry);
        FunctionCounter.builder("bridge.mqtt.takeovers.flapping", sessions, r -> r.takeOvers().flappingIds())
                .description("Times a client id started flapping: taken over again and again (TBR0242W)")
                .register(registry);
        FunctionCounter.builder("bridge.messages.dropped", sessions, SessionRegistry::droppedMessages)
                .description("Messages of clean-session subscriptions dropped for a full client queue (TBR0034W)")
                .register(registry);
        FunctionCounter.builder("bridge.transmit.delivered", pointToPoint, PointToPoint::deliveredCount)
                .description("Transmit-queue messages handed to their client").register(registry);
        FunctionCounter.builder("bridge.transmit.held", pointToPoint, PointToPoint::heldTotal)
                .description("Transmit-queue messages held for an absent or slow client").register(registry);
        FunctionCounter.builder("bridge.transmit.deadlettered", pointToPoint, PointToPoint::deadLetteredCount)
                .description("Transmit-queue messages moved to the dead-letter queue (TBR0041W, TBR0045W)")
                .register(registry);
        FunctionCounter.builder("bridge.transmit.expired", transmitQueue, JmsTransmitQueue::expiredCount)
                .description("Transmit-queue messages discarded because they expired (TBR0042W)").register(registry);
    }
}
