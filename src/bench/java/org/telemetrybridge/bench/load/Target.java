package org.telemetrybridge.bench.load;

import java.util.OptionalLong;

import javax.net.ssl.TrustManagerFactory;

/**
 * The server under load: where its MQTT and JMS listeners are and, when known, its process id (for
 * CPU and memory figures). Only loopback hosts are accepted.
 *
 * @param jmsPort the JMS (Artemis core) port, or -1 when the server has none
 * @param tls     the CAs that MQTT clients trust, connecting over TLS; null for plain TCP
 */
public record Target(ServerKind kind, String host, int mqttPort, int jmsPort, OptionalLong pid,
                     TrustManagerFactory tls) {

    public Target {
        Loopback.require(host);
        if (jmsPort > 0 && !kind.hasJms()) {
            throw new IllegalArgumentException(kind.label() + " has no JMS side");
        }
    }

    /** A server whose MQTT clients connect over plain TCP. */
    public Target(ServerKind kind, String host, int mqttPort, int jmsPort, OptionalLong pid) {
        this(kind, host, mqttPort, jmsPort, pid, null);
    }

    public String jmsUrl() {
        if (jmsPort <= 0) {
            throw new IllegalStateException(kind.label() + " at " + host + " has no JMS port");
        }
        return "tcp://" + host + ":" + jmsPort;
    }
}
