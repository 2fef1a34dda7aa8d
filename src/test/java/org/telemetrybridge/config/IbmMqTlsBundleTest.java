package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import com.ibm.mq.jakarta.jms.MQConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.backend.ibmmq.IbmMqDialect;
import org.telemetrybridge.backend.ibmmq.IbmMqSettings;

/**
 * TLS towards the queue manager from a Spring Boot SSL bundle (issue 13, item 8): IBM's JMS connection
 * factory gets the CipherSpec alias and a socket factory that holds the bundle's key and trusts its CA.
 * Without a queue manager, the socket factory is shown to be the bundle's by a TLS handshake with a
 * loopback server that requires a client certificate (as SSLCAUTH(REQUIRED) does) and trusts only
 * the test's own CA. Keys are made by keytool, here.
 */
class IbmMqTlsBundleTest {

    private static final String PASSWORD = "changeit-test";

    @TempDir
    static Path keys;

    @BeforeAll
    static void makeKeys() throws Exception {
        keytool("-genkeypair", "-alias", "bridge", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=telemetry-bridge", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.resolve("bridge.p12").toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "bridge", "-keystore", keys.resolve("bridge.p12").toString(),
                "-storepass", PASSWORD, "-file", keys.resolve("bridge.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", keys.resolve("bridge.crt").toString(),
                "-storetype", "PKCS12", "-keystore", keys.resolve("trust.p12").toString(), "-storepass", PASSWORD);
    }

    @Test
    void theConnectionFactoryGetsTheCipherSpecAndTheBundlesSockets() throws Exception {
        try (ConfigurableApplicationContext context = context("--ibm.mq.ssl-bundle=mq",
                "--ibm.mq.ssl-cipher-suite=*TLS13ORHIGHER")) {
            IbmMqSettings settings = settings(context);
            MQConnectionFactory factory = (MQConnectionFactory) new IbmMqDialect(settings).connectionFactory();

            assertThat(factory.getSSLCipherSuite()).isEqualTo("*TLS13ORHIGHER");
            assertThat(factory.getSSLSocketFactory()).isInstanceOf(SSLSocketFactory.class)
                    .isNotSameAs(SSLSocketFactory.getDefault());
            X509Certificate presented = handshake((SSLSocketFactory) factory.getSSLSocketFactory());
            assertThat(presented.getSubjectX500Principal().getName()).isEqualTo("CN=telemetry-bridge");
        }
    }

    @Test
    void aBundleNeedsACipherSpecAndExcludesTheJksSettings() {
        try (ConfigurableApplicationContext context = context("--ibm.mq.ssl-bundle=mq")) {
            assertThatThrownBy(() -> settings(context)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ibm.mq.ssl-cipher-suite").hasMessageContaining("*TLS13ORHIGHER");
        }
        try (ConfigurableApplicationContext context = context("--ibm.mq.ssl-bundle=mq",
                "--ibm.mq.ssl-cipher-suite=*TLS13ORHIGHER", "--ibm.mq.jks.trust-store=/tmp/x.p12")) {
            assertThatThrownBy(() -> settings(context)).hasMessageContaining("use one");
        }
        try (ConfigurableApplicationContext context = context("--ibm.mq.ssl-bundle=nosuch",
                "--ibm.mq.ssl-cipher-suite=*TLS13ORHIGHER")) {
            assertThatThrownBy(() -> settings(context)).isInstanceOf(NoSuchSslBundleException.class)
                    .hasMessageContaining("nosuch");
        }
    }

    @Test
    void withoutABundleNothingChanges() throws Exception {
        try (ConfigurableApplicationContext context = context()) {
            IbmMqSettings settings = settings(context);
            assertThat(settings.tlsSockets()).isNull();
            MQConnectionFactory factory = (MQConnectionFactory) new IbmMqDialect(settings).connectionFactory();
            assertThat(factory.getSSLCipherSuite()).isNull();
            assertThat(factory.getSSLSocketFactory()).isNull();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IbmMqProperties.class)
    @ImportAutoConfiguration(SslAutoConfiguration.class)
    static class Settings {
    }

    private static ConfigurableApplicationContext context(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.ssl.bundle.jks.mq.keystore.location=file:" + keys.resolve("bridge.p12"),
                "--spring.ssl.bundle.jks.mq.keystore.password=" + PASSWORD,
                "--spring.ssl.bundle.jks.mq.keystore.type=PKCS12",
                "--spring.ssl.bundle.jks.mq.truststore.location=file:" + keys.resolve("trust.p12"),
                "--spring.ssl.bundle.jks.mq.truststore.password=" + PASSWORD,
                "--spring.ssl.bundle.jks.mq.truststore.type=PKCS12"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(Settings.class).web(WebApplicationType.NONE).logStartupInfo(false)
                .run(args.toArray(String[]::new));
    }

    private static IbmMqSettings settings(ConfigurableApplicationContext context) {
        return context.getBean(IbmMqProperties.class).toSettings(context.getBean(SslBundles.class));
    }

    /** Connects to a loopback TLS server that requires a client certificate; returns the one the client sent. */
    private static X509Certificate handshake(SSLSocketFactory client) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        KeyManagerFactory serverKeys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        serverKeys.init(load("bridge.p12"), PASSWORD.toCharArray());
        TrustManagerFactory serverTrust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        serverTrust.init(load("trust.p12"));
        server.init(serverKeys.getKeyManagers(), serverTrust.getTrustManagers(), null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(10_000);
            CompletableFuture<X509Certificate> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(10_000);
                    accepted.startHandshake();
                    return (X509Certificate) accepted.getSession().getPeerCertificates()[0];
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                return peer.get(20, TimeUnit.SECONDS);
            }
        }
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keys.resolve(file))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
