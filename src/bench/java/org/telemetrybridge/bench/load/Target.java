package org.telemetrybridge.bench.load;

import java.util.OptionalLong;

import javax.net.ssl.TrustManagerFactory;

/**
 * The server under load: where its MQTT and JMS listeners are and, when known, its process id (for
 * CPU and memory figures). Only loopback hosts are accepted.
 *
 * @param jmsPort     the JMS (Artemis core) port, or -1 when the server has none
 * @param jmsUser     the JMS user (the bridge's acceptor refuses anonymous connections), or null for none
 * @param jmsPassword its password
 * @param tls         the CAs that MQTT clients trust, connecting over TLS; null for plain TCP
 * @param metricsUrl  the server's Prometheus metrics (the bridge's /actuator/prometheus), or null if unknown
 */
public record Target(ServerKind kind, String host, int mqttPort, int jmsPort, OptionalLong pid, String jmsUser,
                     String jmsPassword, TrustManagerFactory tls, String metricsUrl) {

    /** A server whose metrics are not known. */
    public Target(ServerKind kind, String host, int mqttPort, int jmsPort, OptionalLong pid, String jmsUser,
                  String jmsPassword, TrustManagerFactory tls) {
        this(kind, host, mqttPort, jmsPort, pid, jmsUser, jmsPassword, tls, null);
    }

    /** A server on plain TCP whose JMS side, if any, takes anonymous connections. */
    public Target(ServerKind kind, String host, int mqttPort, int jmsPort, OptionalLong pid) {
        this(kind, host, mqttPort, jmsPort, pid, null, null, null);
    }

    public Target {
        Loopback.require(host);
        if (jmsPort > 0 && !kind.hasJms()) {
            throw new IllegalArgumentException(kind.label() + " has no JMS side");
        }
    }

    public String jmsUrl() {
        if (jmsPort <= 0) {
            throw new IllegalStateException(kind.label() + " at " + host + " has no JMS port");
        }
        return "tcp://" + host + ":" + jmsPort;
    }
}
