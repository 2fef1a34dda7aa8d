package org.telemetrybridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.TrustManagerFactory;

/**
 * Keys and certificates made by the tests, never checked in: the JDK's keytool, run as a process,
 * writes a self-signed server certificate for 127.0.0.1 and localhost into a PKCS#12 key store.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-secret";

    private final Path keyStore;

    private TestCertificates(Path keyStore) {
        this.keyStore = keyStore;
    }

    /** A new self-signed server key and certificate (CN=localhost, SAN 127.0.0.1 and localhost) in {@code dir}. */
    public static TestCertificates selfSignedServer(Path dir) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool did not make the test certificate: " + output);
        }
        return new TestCertificates(keyStore);
    }

    public Path keyStore() {
        return keyStore;
    }

    /** The settings of a Spring Boot SSL bundle named {@code bundle} holding this key and certificate. */
    public Map<String, Object> sslBundle(String bundle) {
        String prefix = "spring.ssl.bundle.jks." + bundle + ".keystore.";
        return Map.of(prefix + "location", "file:" + keyStore, prefix + "password", PASSWORD,
                prefix + "type", "PKCS12");
    }

    /** Trusts this certificate, as a client given it as its CA would. */
    public TrustManagerFactory trustManagerFactory() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", store.getCertificate("server"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory;
    }
}
