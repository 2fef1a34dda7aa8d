package org.telemetrybridge.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.session.SessionRegistry;

/**
 * What the bridge holds open in its backend. With persistent sessions' subscriptions made as device
 * subscriptions, whose messages all come through the one transmit-queue drain, both figures stay fixed
 * whatever the number of devices or subscriptions (see docs/architecture.md for the figure).
 */
@Component
public class BackendConnectionMetrics implements MeterBinder {

    private final JmsBackend backend;
    private final SessionRegistry sessions;

    public BackendConnectionMetrics(JmsBackend backend, SessionRegistry sessions) {
        this.backend = backend;
        this.sessions = sessions;
    }

    /** The bridge's backend connections: the JMS adapter's, and those device subscriptions keep of their own. */
    public int connections() {
        return backend.openConnections() + sessions.deviceSubscriptions().backendConnections();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("bridge.backend.connections", this, BackendConnectionMetrics::connections)
                .description("Connections the bridge holds to its backend (JMS, and MQ classes for Java where used)")
                .register(registry);
        Gauge.builder("bridge.backend.sessions", backend, JmsBackend::openSessions)
                .description("JMS sessions the bridge holds open in its backend; on IBM MQ each is a connection handle")
                .register(registry);
    }
}
