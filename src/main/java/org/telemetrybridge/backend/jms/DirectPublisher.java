package org.telemetrybridge.backend.jms;

import java.util.concurrent.CompletableFuture;

import org.telemetrybridge.session.port.Publication;

/**
 * Publishes without the JMS client, for a provider that runs in the bridge's own process (the
 * embedded stand-in). It carries a publication as the JMS client would have sent it: same message
 * type, body and properties, so JMS consumers cannot tell the difference.
 */
public interface DirectPublisher {

    /** Publishes; the future completes once the provider has the message (durably for QoS 1 and 2). */
    CompletableFuture<Void> publish(Publication publication);

    void stop();
}
