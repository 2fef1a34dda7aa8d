package org.telemetrybridge.backend.embedded;

import java.nio.file.Path;

/**
 * Settings of the embedded stand-in queue manager.
 *
 * @param dataDir where the journal lives (messages, durable subscriptions, sessions, retained)
 * @param jmsHost the address of the TCP acceptor for local JMS applications
 * @param jmsPort its port; 0 picks a free one, -1 turns the acceptor off
 */
public record EmbeddedSettings(Path dataDir, String jmsHost, int jmsPort) {
}
