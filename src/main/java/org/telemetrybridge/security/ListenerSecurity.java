package org.telemetrybridge.security;

/**
 * The authentication settings of one MQTT listener, as a telemetry channel carried them.
 *
 * @param listener              the listener's name
 * @param allowAnonymous        whether a client without a user name (and, with certificate identity,
 *                              without a certificate) may connect
 * @param useIdentityAsUsername whether a verified client certificate names the user, instead of the
 *                              CONNECT user name and password
 * @param certificateIdentity   which part of the certificate names the user
 */
public record ListenerSecurity(String listener, boolean allowAnonymous, boolean useIdentityAsUsername,
                               CertificateIdentity certificateIdentity) {
}
