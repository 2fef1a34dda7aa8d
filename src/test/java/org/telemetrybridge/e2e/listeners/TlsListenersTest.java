package org.telemetrybridge.e2e.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.ClientIdentity;
import org.telemetrybridge.session.port.Credentials;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.Mosquitto;
import org.telemetrybridge.support.TestPki;
import org.telemetrybridge.support.TestPki.Issued;

/**
 * TLS listeners with real peers (mosquitto_pub/sub, hivemq-mqtt-client, the JDK's TLS client):
 * server TLS from a PEM bundle and from a PKCS#12 bundle, client certificates required and
 * optional, protocols and cipher suites from the bundle's options, a renewed certificate picked
 * up from disk without a restart, handshake failures logged with their reason and counted, and the
 * client's certificate chain handed to the authentication step. Keys and certificates are made here.
 */
class TlsListenersTest {

    /** Lets every client in and keeps the certificate chain each one presented, by client id. */
    @Configuration(proxyBeanMethods = false)
    static class RecordingAuthenticator {

        static final Map<String, List<X509Certificate>> CHAINS = new ConcurrentHashMap<>();

        @Bean
        Authenticator authenticator() {
            return credentials -> {
                CHAINS.put(credentials.clientId(), credentials.certificateChain());
                return CompletableFuture.completedFuture(Authenticator.Outcome.accepted(
                        new ClientIdentity(credentials.clientId(), credentials.userName())));
            };
        }
    }

    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki strangers;
    private static Issued server;
    private static Issued renewing;
    private static Issued device;
    private static Issued strangerDevice;
    private static BridgeInstance bridge;

    @BeforeAll
    static void start() throws IOException {
        pki = TestPki.create(dir.resolve("pki"), "Test CA");
        strangers = TestPki.create(dir.resolve("strangers"), "Other CA");
        server = pki.server("server");
        device = pki.client("device-1");
        strangerDevice = strangers.client("stranger");
        renewing = copy(pki.server("renewing-original"), dir.resolve("renewing"));
        Path p12 = pki.pkcs12("server", server, STORE_PASSWORD);
        Path trust = pki.trustStore("trust", STORE_PASSWORD);
        Map<String, Object> settings = new java.util.HashMap<>(Map.ofEntries(
                Map.entry("bridge.mqtt.connect-timeout", "3s"),
                Map.entry("spring.ssl.bundle.pem.server.keystore.certificate", server.certificateFile()),
                Map.entry("spring.ssl.bundle.pem.server.keystore.private-key", server.keyFile()),
                Map.entry("spring.ssl.bundle.pem.mutual.keystore.certificate", server.certificateFile()),
                Map.entry("spring.ssl.bundle.pem.mutual.keystore.private-key", server.keyFile()),
                Map.entry("spring.ssl.bundle.pem.mutual.truststore.certificate", pki.caFile()),
                Map.entry("spring.ssl.bundle.pem.modern.keystore.certificate", server.certificateFile()),
                Map.entry("spring.ssl.bundle.pem.modern.keystore.private-key", server.keyFile()),
                Map.entry("spring.ssl.bundle.pem.modern.options.enabled-protocols", "TLSv1.3"),
                Map.entry("spring.ssl.bundle.pem.modern.options.ciphers", "TLS_AES_128_GCM_SHA256"),
                Map.entry("spring.ssl.bundle.pem.renewing.keystore.certificate", renewing.certificateFile()),
                Map.entry("spring.ssl.bundle.pem.renewing.keystore.private-key", renewing.keyFile()),
                Map.entry("spring.ssl.bundle.pem.renewing.reload-on-update", "true"),
                Map.entry("spring.ssl.bundle.watch.file.quiet-period", "200ms"),
                Map.entry("spring.ssl.bundle.jks.stores.keystore.location", p12),
                Map.entry("spring.ssl.bundle.jks.stores.keystore.password", "changeit"),
                Map.entry("spring.ssl.bundle.jks.stores.keystore.type", "PKCS12"),
                Map.entry("spring.ssl.bundle.jks.stores.truststore.location", trust),
                Map.entry("spring.ssl.bundle.jks.stores.truststore.password", "changeit"),
                Map.entry("spring.ssl.bundle.jks.stores.truststore.type", "PKCS12")));
        listener(settings, "tls", "server", "none");
        listener(settings, "mtls", "mutual", "required");
        listener(settings, "optional", "mutual", "optional");
        listener(settings, "p12", "stores", "required");
        listener(settings, "modern", "modern", "none");
        listener(settings, "renewing", "renewing", "none");
        bridge = new BridgeInstance(dir.resolve("data"), settings, RecordingAuthenticator.class).start();
    }

    private static void listener(Map<String, Object> settings, String name, String bundle, String clientCertificate) {
        settings.put("bridge.listeners." + name + ".port", "0");
        settings.put("bridge.listeners." + name + ".host", "127.0.0.1");
        settings.put("bridge.listeners." + name + ".transport", "tls");
        settings.put("bridge.listeners." + name + ".ssl-bundle", bundle);
        settings.put("bridge.listeners." + name + ".client-certificate", clientCertificate);
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void mosquittoClientsPublishAndSubscribeOverServerTls() throws Exception {
        int port = bridge.mqttPort("tls");
        String ca = pki.caFile().toString();
        Process subscriber = Mosquitto.startSubscribed(port, "--cafile", ca, "-t", "tls/a", "-C", "1", "-W", "20");
        Mosquitto.Result published = Mosquitto.pub(port, "--cafile", ca, "-t", "tls/a", "-m", "over tls");
        assertThat(published.exitCode()).as(published.stderr()).isZero();
        assertThat(Mosquitto.finishSubscribed(subscriber).stdout().strip()).isEqualTo("over tls");
        // The client checks the listener's certificate: trusting another CA, it refuses to go on.
        Mosquitto.Result distrusting = Mosquitto.pub(port, "--cafile", strangers.caFile().toString(), "-t", "tls/a",
                "-m", "x");
        assertThat(distrusting.exitCode()).isNotZero();
    }

    @Test
    void aRequiredClientCertificateLetsInOnlyClientsThatPresentOneFromTheTrustedCa() {
        int port = bridge.mqttPort("mtls");
        String ca = pki.caFile().toString();
        try (LogCapture log = new LogCapture()) {
            Mosquitto.Result withCertificate = Mosquitto.pub(port, "--cafile", ca, "--cert",
                    device.certificateFile().toString(), "--key", device.keyFile().toString(), "-i", "mtls_ok",
                    "-t", "tls/b", "-m", "x");
            assertThat(withCertificate.exitCode()).as(withCertificate.stderr()).isZero();

            long failuresBefore = handshakeFailures("mtls");
            Mosquitto.Result without = Mosquitto.pub(port, "--cafile", ca, "-i", "mtls_none", "-t", "tls/b", "-m", "x");
            assertThat(without.exitCode()).isNotZero();
            log.awaitMessage("TBR0134W", "listener 'mtls'", "127.0.0.1", "no client certificate");

            Mosquitto.Result unknownCa = Mosquitto.pub(port, "--cafile", ca, "--cert",
                    strangerDevice.certificateFile().toString(), "--key", strangerDevice.keyFile().toString(),
                    "-i", "mtls_stranger", "-t", "tls/b", "-m", "x");
            assertThat(unknownCa.exitCode()).isNotZero();
            log.awaitMessage("TBR0134W", "listener 'mtls'", "unknown CA");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handshakeFailures("mtls") >= failuresBefore + 2);
            assertThat(RecordingAuthenticator.CHAINS).containsKey("mtls_ok").doesNotContainKeys("mtls_none",
                    "mtls_stranger");
            // Refused in the handshake, not as a generic connection error.
            assertThat(log.withId("TBR0025W")).isEmpty();
        }
    }

    @Test
    void anOptionalClientCertificateLetsInClientsWithAndWithoutOne() {
        int port = bridge.mqttPort("optional");
        String ca = pki.caFile().toString();
        assertThat(Mosquitto.pub(port, "--cafile", ca, "-i", "opt_none", "-t", "tls/c", "-m", "x").exitCode()).isZero();
        assertThat(Mosquitto.pub(port, "--cafile", ca, "--cert", device.certificateFile().toString(), "--key",
                device.keyFile().toString(), "-i", "opt_cert", "-t", "tls/c", "-m", "x").exitCode()).isZero();
        assertThat(RecordingAuthenticator.CHAINS.get("opt_none")).isEmpty();
        assertThat(RecordingAuthenticator.CHAINS.get("opt_cert")).isNotEmpty();
    }

    @Test
    void theVerifiedCertificateChainReachesTheAuthenticationStep() {
        Mosquitto.Result result = Mosquitto.pub(bridge.mqttPort("mtls"), "--cafile", pki.caFile().toString(),
                "--cert", device.certificateFile().toString(), "--key", device.keyFile().toString(), "-i", "chain",
                "-t", "tls/d", "-m", "x");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<X509Certificate> chain = RecordingAuthenticator.CHAINS.get("chain");
        assertThat(chain).isNotEmpty();
        assertThat(chain.getFirst().getSubjectX500Principal().getName()).contains("CN=device-1");
        assertThat(chain.getFirst().getSerialNumber()).isEqualTo(device.serial());
    }

    @Test
    void hivemqClientOverTlsWithAClientCertificateFromAPkcs12Bundle() throws Exception {
        int port = bridge.mqttPort("p12");
        MqttClientSslConfig tls = MqttClientSslConfig.builder().trustManagerFactory(pki.trustManagers())
                .keyManagerFactory(pki.keyManagers(device)).build();
        Mqtt3BlockingClient subscriber = hivemq("p12_sub", port, tls);
        Mqtt3BlockingClient publisher = hivemq("p12_pub", port, tls);
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.connect();
            subscriber.subscribeWith().topicFilter("tls/p12").qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.connect();
            publisher.publishWith().topic("tls/p12").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("pkcs12".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(publishes.receive(20, TimeUnit.SECONDS)).hasValueSatisfying(publish ->
                    assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("pkcs12"));
        } finally {
            subscriber.disconnect();
            publisher.disconnect();
        }
        assertThat(RecordingAuthenticator.CHAINS.get("p12_pub")).extracting(X509Certificate::getSerialNumber)
                .contains(device.serial());
        // Without a client certificate this listener (required) refuses the hivemq client too.
        Mqtt3BlockingClient anonymous = hivemq("p12_anon", port,
                MqttClientSslConfig.builder().trustManagerFactory(pki.trustManagers()).build());
        assertThatThrownBy(anonymous::connect).isNotNull();
    }

    @Test
    void theBundlesProtocolsAndCipherSuitesAreEnforced() throws Exception {
        int port = bridge.mqttPort("modern");
        try (LogCapture log = new LogCapture()) {
            assertThat(handshake(port, "TLSv1.3", "TLS_AES_128_GCM_SHA256").getProtocol()).isEqualTo("TLSv1.3");
            assertThatThrownBy(() -> handshake(port, "TLSv1.2", null)).isInstanceOf(SSLHandshakeException.class);
            log.awaitMessage("TBR0134W", "listener 'modern'", "no TLS protocol version in common");
            assertThatThrownBy(() -> handshake(port, "TLSv1.3", "TLS_AES_256_GCM_SHA384"))
                    .isInstanceOf(SSLHandshakeException.class);
            log.awaitMessage("TBR0134W", "listener 'modern'", "no cipher suite in common");
        }
        // Another listener, without those options, takes TLS 1.2.
        assertThat(handshake(bridge.mqttPort("tls"), "TLSv1.2", null).getProtocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void aCertificateRenewedOnDiskIsUsedForNewConnectionsWithoutARestart() throws Exception {
        int port = bridge.mqttPort("renewing");
        assertThat(serverSerial(port)).isEqualTo(renewing.serial());
        try (LogCapture log = new LogCapture()) {
            Issued renewed = pki.server("renewing-renewed");
            TestPki.replace(renewed, renewing.certificateFile(), renewing.keyFile());
            log.awaitMessage("TBR0131I", "listener 'renewing'", "'renewing'");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> serverSerial(port).equals(renewed.serial()));
            Mosquitto.Result afterRenewal = Mosquitto.pub(port, "--cafile", pki.caFile().toString(), "-t", "tls/r",
                    "-m", "x");
            assertThat(afterRenewal.exitCode()).as(afterRenewal.stderr()).isZero();

            // A broken replacement is refused and the renewed certificate stays in use.
            Files.writeString(renewing.certificateFile(), "-----BEGIN CERTIFICATE-----\nnot a certificate\n");
            log.awaitMessage("TBR0132E", "listener 'renewing'");
            assertThat(serverSerial(port)).isEqualTo(renewed.serial());
        }
    }

    @Test
    void aHandshakeThatNeverStartsIsClosedAtTheConnectTimeoutAndPlainMqttIsNamed() throws Exception {
        int port = bridge.mqttPort("tls");
        try (LogCapture log = new LogCapture(); Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(15_000);
            long start = System.nanoTime();
            assertThat(readUntilClosed(silent.getInputStream())).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(14));
            log.awaitMessage("TBR0134W", "listener 'tls'", "not completed in time");

            Mosquitto.Result plain = Mosquitto.pub(port, "-t", "tls/plain", "-m", "x");
            assertThat(plain.exitCode()).isNotZero();
            log.awaitMessage("TBR0134W", "listener 'tls'", "did not speak TLS");
        }
    }

    @Test
    void eachListenerHasItsConnectionGaugeAndHandshakeFailureCounter() {
        MeterRegistry meters = bridge.bean(MeterRegistry.class);
        for (String listener : List.of("default", "tls", "mtls", "renewing")) {
            assertThat(meters.find("bridge.mqtt.listener.connections").tag("listener", listener).gauge()).isNotNull();
            assertThat(meters.find("bridge.mqtt.tls.handshake.failures").tag("listener", listener).functionCounter())
                    .isNotNull();
        }
    }

    private static long handshakeFailures(String listener) {
        return bridge.bean(MqttServer.class).listener(listener).tlsHandshakeFailures();
    }

    private static Mqtt3BlockingClient hivemq(String id, int port, MqttClientSslConfig tls) {
        return Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port).sslConfig(tls)
                .buildBlocking();
    }

    /** A TLS handshake from the JDK's client, offering only the given protocol (and cipher suite). */
    private static javax.net.ssl.SSLSession handshake(int port, String protocol, String cipher) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, pki.trustManagers().getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (cipher != null) {
                socket.setEnabledCipherSuites(new String[] {cipher});
            }
            socket.startHandshake();
            return socket.getSession();
        }
    }

    /** The serial number of the certificate the listener presents to a new connection. */
    private static BigInteger serverSerial(int port) throws Exception {
        return ((X509Certificate) handshake(port, "TLSv1.3", null).getPeerCertificates()[0]).getSerialNumber();
    }

    private static boolean readUntilClosed(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // a TLS alert, if any, then the end of the stream
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The issued files copied into a directory of their own, so that only they are replaced later. */
    private static Issued copy(Issued issued, Path into) throws IOException {
        Files.createDirectories(into);
        Path certificate = Files.copy(issued.certificateFile(), into.resolve("tls.crt"));
        Path key = Files.copy(issued.keyFile(), into.resolve("tls.key"));
        return new Issued(issued.certificate(), issued.key(), certificate, key);
    }
}
