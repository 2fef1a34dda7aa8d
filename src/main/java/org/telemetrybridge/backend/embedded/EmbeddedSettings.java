package org.telemetrybridge.backend.embedded;

import java.nio.file.Path;
import java.time.Duration;

import org.telemetrybridge.mqsc.MqscScripts;

/**
 * Settings of the embedded stand-in queue manager.
 *
 * @param dataDir where the journal lives (messages, durable subscriptions, sessions, retained)
 * @param jmsHost the address of the TCP acceptor for local JMS applications
 * @param jmsPort its port; 0 picks a free one, -1 turns the acceptor off
 * @param mqsc    the MQSC scripts applied at each start, as an IBM MQ queue manager would get them
 * @param jmsUser the user JMS applications connect with (the acceptor refuses anonymous connections)
 * @param journalBufferTimeout how long the journal gathers writes before one write and sync (Artemis'
 *                             journal-buffer-timeout): a persistent send or commit is answered after it
 */
public record EmbeddedSettings(Path dataDir, String jmsHost, int jmsPort, MqscScripts mqsc, JmsCredentials jmsUser,
                               Duration journalBufferTimeout) {

    /**
     * Artemis' own figure for its ASYNCIO journal. Its NIO default (3.3 ms, about 300 syncs a second)
     * made synchronous senders wait for the timer: the transmit-queue benchmark at QoS 1 delivered 4,400
     * msg/s at 16.8 s CPU/100k with it, 9,200 msg/s at 11.2 with this (docs/performance.md, finding 17).
     */
    public static final Duration DEFAULT_JOURNAL_BUFFER_TIMEOUT = Duration.ofNanos(500_000);

    /** With the default journal buffer timeout. */
    public EmbeddedSettings(Path dataDir, String jmsHost, int jmsPort, MqscScripts mqsc, JmsCredentials jmsUser) {
        this(dataDir, jmsHost, jmsPort, mqsc, jmsUser, DEFAULT_JOURNAL_BUFFER_TIMEOUT);
    }

    /** With a JMS user whose password nobody knows: for a broker only the process itself uses. */
    public EmbeddedSettings(Path dataDir, String jmsHost, int jmsPort, MqscScripts mqsc) {
        this(dataDir, jmsHost, jmsPort, mqsc, JmsCredentials.internal("app"));
    }

    /** Without MQSC scripts: queues are created when first used. */
    public EmbeddedSettings(Path dataDir, String jmsHost, int jmsPort) {
        this(dataDir, jmsHost, jmsPort, MqscScripts.none());
    }
}
