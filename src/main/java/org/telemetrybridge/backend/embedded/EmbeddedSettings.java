package org.telemetrybridge.backend.embedded;

import java.nio.file.Path;

import org.telemetrybridge.mqsc.MqscScripts;

/**
 * Settings of the embedded stand-in queue manager.
 *
 * @param dataDir where the journal lives (messages, durable subscriptions, sessions, retained)
 * @param jmsHost the address of the TCP acceptor for local JMS applications
 * @param jmsPort its port; 0 picks a free one, -1 turns the acceptor off
 * @param mqsc    the MQSC scripts applied at each start, as an IBM MQ queue manager would get them
 * @param jmsUser the user JMS applications connect with (the acceptor refuses anonymous connections)
 */
public record EmbeddedSettings(Path dataDir, String jmsHost, int jmsPort, MqscScripts mqsc, JmsCredentials jmsUser) {

    /** With a JMS user whose password nobody knows: for a broker only the process itself uses. */
    public EmbeddedSettings(Path dataDir, String jmsHost, int jmsPort, MqscScripts mqsc) {
        this(dataDir, jmsHost, jmsPort, mqsc, JmsCredentials.internal("app"));
    }

    /** Without MQSC scripts: queues are created when first used. */
    public EmbeddedSettings(Path dataDir, String jmsHost, int jmsPort) {
        this(dataDir, jmsHost, jmsPort, MqscScripts.none());
    }
}
