package org.telemetrybridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user a client certificate names: its CN, its whole subject, or its first suitable SAN. */
class CertificateIdentityTest {

    @TempDir
    static Path dir;

    @Test
    void takesTheCommonNameTheSubjectOrTheAlternativeName() throws Exception {
        X509Certificate certificate = TestCertificates.make(dir, "CN=device-7, OU=Hall 3, O=Acme\\, Inc., C=DE",
                "dns:dev7.acme.example,email:dev7@acme.example,uri:urn:acme:dev7");

        assertThat(CertificateIdentity.CN.userOf(certificate)).isEqualTo("device-7");
        assertThat(CertificateIdentity.DN.userOf(certificate)).isEqualTo("CN=device-7,OU=Hall 3,O=Acme\\, Inc.,C=DE");
        assertThat(CertificateIdentity.SAN.userOf(certificate)).as("an e-mail address first")
                .isEqualTo("dev7@acme.example");
    }

    @Test
    void aDnsNameWhenThereIsNoEmailAddress() throws Exception {
        X509Certificate certificate = TestCertificates.make(dir, "CN=gateway", "uri:urn:acme:gw,dns:gw.acme.example");
        assertThat(CertificateIdentity.SAN.userOf(certificate)).isEqualTo("gw.acme.example");
    }

    @Test
    void noUserWhereTheCertificateHasNoSuchName() throws Exception {
        X509Certificate certificate = TestCertificates.make(dir, "OU=Hall 3, O=Acme", null);
        assertThat(CertificateIdentity.CN.userOf(certificate)).isNull();
        assertThat(CertificateIdentity.SAN.userOf(certificate)).isNull();
        assertThat(CertificateIdentity.DN.userOf(certificate)).isEqualTo("OU=Hall 3,O=Acme");
    }
}
