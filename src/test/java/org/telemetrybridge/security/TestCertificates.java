package org.telemetrybridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates made by the JDK's keytool for a test, never checked in. */
final class TestCertificates {

    private TestCertificates() {
    }

    /**
     * @param dname the subject, e.g. "CN=dev7, O=Acme"
     * @param san   keytool's SAN extension value ("email:a@b,dns:c"), or null for none
     */
    static X509Certificate make(Path dir, String dname, String san) throws Exception {
        Path store = Files.createTempFile(dir, "cert", ".p12");
        Files.delete(store);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "device", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", dname));
        if (san != null) {
            command.addAll(List.of("-ext", "SAN=" + san));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) keyStore.getCertificate("device");
    }
}
