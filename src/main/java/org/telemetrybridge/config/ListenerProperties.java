package org.telemetrybridge.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.bind.DefaultValue;

import org.telemetrybridge.security.CertificateIdentity;

/**
 * One MQTT listener ({@code bridge.listeners.<name>.*}), the bridge's telemetry channel. Unset values
 * of the listener named {@code default} come from {@code bridge.mqtt.*}; other listeners need a port.
 *
 * @param enabled               false turns the listener off (e.g. the default plain one, in production)
 * @param host                  address to bind (LOCLADDR); empty means all interfaces
 * @param port                  TCP port (PORT); 0 picks a free one
 * @param transport             {@code tcp}, {@code tls}, {@code ws} or {@code wss} (TRPTYPE and SSL)
 * @param sslBundle             the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) with the listener's
 *                              key and certificate, and the CAs client certificates are checked against
 *                              (SSLKEYR, Mosquitto's certfile/keyfile/cafile)
 * @param clientCertificate     {@code none}, {@code optional} or {@code required} (SSLCAUTH,
 *                              Mosquitto's require_certificate)
 * @param wsPath                the HTTP path of the WebSocket endpoint
 * @param allowAnonymous        whether clients without credentials may connect; unset, only the default
 *                              listener allows them, and only while no users are configured
 * @param useIdentityAsUsername a verified client certificate names the user (Mosquitto's
 *                              use_identity_as_username); the CONNECT user name and password are not used
 * @param certificateIdentity   which part of the certificate names the user: {@code cn}, {@code dn}, {@code san}
 * @param maxConnections        open connections at most on this listener; unset means bridge.mqtt's
 * @param backlog               connection requests the listen socket queues (BACKLOG); unset means bridge.mqtt's
 */
public record ListenerProperties(
        @DefaultValue("true") boolean enabled,
        String host,
        @Min(0) @Max(65535) Integer port,
        @DefaultValue("tcp") TransportType transport,
        String sslBundle,
        @DefaultValue("none") ClientCertificate clientCertificate,
        @DefaultValue("/mqtt") String wsPath,
        Boolean allowAnonymous,
        @DefaultValue("false") boolean useIdentityAsUsername,
        @DefaultValue("cn") CertificateIdentity certificateIdentity,
        @Min(1) Integer maxConnections,
        @Min(1) Integer backlog) {

    public enum TransportType {
        TCP, TLS, WS, WSS;

        boolean secure() {
            return this == TLS || this == WSS;
        }
    }

    public enum ClientCertificate { NONE, OPTIONAL, REQUIRED }

    /** A listener of the defaults: what {@code bridge.mqtt.*} alone configures. */
    static ListenerProperties unset() {
        return new ListenerProperties(true, null, null, TransportType.TCP, null, ClientCertificate.NONE, "/mqtt",
                null, false, CertificateIdentity.CN, null, null);
    }
}
