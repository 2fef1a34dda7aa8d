package org.telemetrybridge.security;

/**
 * Which part of a verified client certificate names the user on a listener that takes the
 * certificate's identity as the user name (Mosquitto's {@code use_identity_as_username}).
 */
public enum CertificateIdentity {
    /** The subject's common name (Mosquitto's use_identity_as_username). */
    CN,
    /** The whole subject distinguished name, RFC 2253 form (Mosquitto's use_subject_as_username). */
    DN,
    /** The first subject alternative name: an e-mail address, else a DNS name, else a URI. */
    SAN
}
