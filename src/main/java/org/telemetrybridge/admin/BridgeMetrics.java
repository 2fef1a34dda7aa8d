package org.telemetrybridge.admin;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

import org.telemetrybridge.backend.jms.JmsTransmitQueue;
import org.telemetrybridge.mqtt.DisconnectReason;
import org.telemetrybridge.mqtt.TrafficMeter;
import org.telemetrybridge.session.LeftoverJanitor;
import org.telemetrybridge.session.port.Backend;
import org.telemetrybridge.session.port.BackendListener;
import org.telemetrybridge.session.port.UndeliverableReason;
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
    private final LeftoverJanitor leftovers;
    /** Times the backend connected since start; every one after the first is a reconnect. */
    private final LongAdder backendConnects = new LongAdder();

    public BridgeMetrics(MqttServer mqtt, SessionRegistry sessions, PointToPoint pointToPoint,
                         JmsTransmitQueue transmitQueue, SessionJanitor janitor, LeftoverJanitor leftovers,
                         Backend backend) {
        this.janitor = janitor;
        this.leftovers = leftovers;
        backend.addListener(new BackendListener() {
            @Override
            public void connected() {
                backendConnects.increment();
            }

            @Override
            public void lost() {
            }
        });
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
        Gauge.builder("bridge.transmit.held.readers", pointToPoint, PointToPoint::heldReaders)
                .description("Clients reading their held messages now, a backend session each (IBM MQ: a conversation)")
                .register(registry);
        Gauge.builder("bridge.transmit.held.readers.waiting", pointToPoint, PointToPoint::waitingForHeldReader)
                .description("Clients waiting for a reader of their held messages (bridge.transmit.max-held-readers)")
                .register(registry);
        Gauge.builder("bridge.subscriptions.shared", sessions, SessionRegistry::sharedFilterCount)
                .description("Distinct filters of clean-session subscriptions, one backend consumer each")
                .register(registry);
        Gauge.builder("bridge.share.groups", sessions, SessionRegistry::shareGroupCount)
                .description("MQTT $share groups with members in this bridge (bridge.shared-subscriptions.max-groups)")
                .register(registry);
        Gauge.builder("bridge.share.members", sessions, SessionRegistry::shareGroupMemberships)
                .description("Memberships of $share groups, connected or away (bridge.shared-subscriptions.max-members)")
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
                .tag("reason", "client_queue_full")
                .description("Messages dropped by the bridge, by reason: client_queue_full (QoS 0 of clean sessions,"
                        + " TBR0034W), not_authorized (TBR0091W), session_removed (held messages discarded, TBR0393I),"
                        + " too_large_for_client (over an MQTT 5 client's Maximum Packet Size, TBR0362W)")
                .register(registry);
        FunctionCounter.builder("bridge.messages.dropped", mqtt, MqttServer::publicationsDenied)
                .tag("reason", "not_authorized").register(registry);
        FunctionCounter.builder("bridge.messages.dropped", pointToPoint, PointToPoint::discardedCount)
                .tag("reason", "session_removed").register(registry);
        FunctionCounter.builder("bridge.messages.dropped", mqtt, MqttServer::publicationsTooLargeForClients)
                .tag("reason", "too_large_for_client").register(registry);
        FunctionCounter.builder("bridge.transmit.delivered", pointToPoint, PointToPoint::deliveredCount)
                .description("Transmit-queue messages handed to their client").register(registry);
        FunctionCounter.builder("bridge.transmit.held", pointToPoint, PointToPoint::heldTotal)
                .description("Transmit-queue messages held for an absent or slow client").register(registry);
        for (UndeliverableReason reason : UndeliverableReason.values()) {
            FunctionCounter.builder("bridge.transmit.deadlettered", transmitQueue, q -> q.deadLetteredCount(reason))
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("Messages for devices moved to the dead-letter queue (or discarded as their sender's"
                            + " report options asked), by reason (TBR0041W, TBR0045W)")
                    .register(registry);
        }
        bindTraffic(registry);
        Gauge.builder("bridge.session.states", sessions, s -> s.sessions().stream().filter(Session::connected).count())
                .tag("state", "connected").description("Sessions by state: connected, or away (persistent, client"
                        + " not connected)").register(registry);
        Gauge.builder("bridge.session.states", sessions, s -> s.sessions().stream().filter(x -> !x.connected()).count())
                .tag("state", "away").register(registry);
        FunctionCounter.builder("bridge.backend.reconnects", backendConnects, c -> Math.max(0, c.sum() - 1))
                .description("Times the backend connection was made again after the first").register(registry);
        Gauge.builder("bridge.leftovers.clients", leftovers, j -> j.found().size())
                .description("Client ids without a session that have held messages or subscriptions in the backend"
                        + " (TBR0390W), as of the janitor's last sweep").register(registry);
        Gauge.builder("bridge.leftovers.held.messages", leftovers,
                        j -> j.found().stream().mapToLong(LeftoverJanitor.Leftover::heldMessages).sum())
                .description("Messages held for client ids without a session, as of the last sweep").register(registry);
        FunctionCounter.builder("bridge.leftovers.removed", leftovers, LeftoverJanitor::heldRemoved)
                .tag("kind", "held_messages")
                .description("Leftovers removed by the janitor (TBR0391I)").register(registry);
        FunctionCounter.builder("bridge.leftovers.removed", leftovers, LeftoverJanitor::subscriptionsRemoved)
                .tag("kind", "subscriptions").register(registry);
        FunctionCounter.builder("bridge.transmit.expired", transmitQueue, JmsTransmitQueue::expiredCount)
                .description("Transmit-queue messages discarded because they expired (TBR0042W)").register(registry);
    }

    /** What crosses the MQTT connections: bytes, messages by direction and QoS, connects and disconnects. */
    private void bindTraffic(MeterRegistry registry) {
        TrafficMeter traffic = mqtt.traffic();
        FunctionCounter.builder("bridge.mqtt.bytes", traffic, TrafficMeter::bytesIn).tag("direction", "in")
                .description("MQTT bytes received and sent (inside TLS and WebSocket framing)").register(registry);
        FunctionCounter.builder("bridge.mqtt.bytes", traffic, TrafficMeter::bytesOut).tag("direction", "out")
                .register(registry);
        for (int qos = 0; qos <= 2; qos++) {
            int level = qos;
            FunctionCounter.builder("bridge.mqtt.messages", traffic, t -> t.publishesIn(level))
                    .tags("direction", "in", "qos", String.valueOf(qos))
                    .description("PUBLISH packets by direction and QoS; out counts resends too").register(registry);
            FunctionCounter.builder("bridge.mqtt.messages", traffic, t -> t.publishesOut(level))
                    .tags("direction", "out", "qos", String.valueOf(qos)).register(registry);
        }
        for (DisconnectReason reason : DisconnectReason.values()) {
            FunctionCounter.builder("bridge.mqtt.disconnects", traffic, t -> t.disconnects(reason))
                    .tag("reason", reason.tag())
                    .description("Connections of connected clients that ended, by reason").register(registry);
        }
        for (MqttListener listener : mqtt.listeners()) {
            for (int level : TrafficMeter.PROTOCOL_LEVELS) {
                FunctionCounter.builder("bridge.mqtt.connects", traffic, t -> t.connects(listener.name(), level))
                        .tags("listener", listener.name(), "protocol", String.valueOf(level))
                        .description("CONNECTs accepted, by listener and protocol level (3: MQTT 3.1, 4: 3.1.1, 5)")
                        .register(registry);
            }
        }
    }
}
