package org.telemetrybridge.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

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
    SAN;

    /** The SAN kinds that can name a user, in the order they are preferred (RFC 5280 GeneralName tags). */
    private static final List<Integer> USER_SAN_KINDS = List.of(1, 2, 6);

    /** The user the client's certificate (the first of its chain) names, or null if it names none. */
    public String userOf(X509Certificate certificate) {
        return switch (this) {
            case DN -> certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            case CN -> commonName(certificate);
            case SAN -> alternativeName(certificate);
        };
    }

    /** The most specific CN of the subject (the first in RFC 2253 order), or null. */
    private static String commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns();
            // getRdns() lists the RDNs from the last of the string to the first.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    String value = String.valueOf(rdns.get(i).getValue());
                    return value.isEmpty() ? null : value;
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    private static String alternativeName(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return null;
        }
        if (names == null) {
            return null;
        }
        for (int kind : USER_SAN_KINDS) {
            for (List<?> name : names) {
                if (name.get(0) instanceof Integer tag && tag == kind && name.get(1) instanceof String value
                        && !value.isEmpty()) {
                    return value;
                }
            }
        }
        return null;
    }
}
