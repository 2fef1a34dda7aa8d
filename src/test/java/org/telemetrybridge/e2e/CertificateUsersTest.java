package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.security.MosquittoPasswd;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.LogCapture;
import org.telemetrybridge.support.Mosquitto;

/**
 * A TLS listener that takes the client certificate's common name as the user name
 * (use-identity-as-username), with ACL rules for that user; mosquitto_pub with --cert/--key as the
 * client. Keys and certificates are made by openssl for the test.
 */
class CertificateUsersTest {

    @TempDir
    static Path dir;
    static BridgeInstance bridge;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed").isTrue();
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test CA");
        signed("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        signed("meter", "/O=Acme/CN=meter-12", "extendedKeyUsage=clientAuth\n");
        Path acl = dir.resolve("acl");
        Files.writeString(acl, """
                user meter-12
                topic write meters/meter-12/#
                user watcher
                topic read #
                """);
        Path passwd = dir.resolve("passwd");
        MosquittoPasswd.set(passwd, "watcher", "watcher-pw", null);
        bridge = new BridgeInstance(dir.resolve("data"), Map.ofEntries(
                Map.entry("spring.ssl.bundle.pem.mqtt.keystore.certificate", "file:" + dir.resolve("server.pem")),
                Map.entry("spring.ssl.bundle.pem.mqtt.keystore.private-key", "file:" + dir.resolve("server.key")),
                Map.entry("spring.ssl.bundle.pem.mqtt.truststore.certificate", "file:" + dir.resolve("ca.pem")),
                Map.entry("bridge.listeners.secure.port", "0"),
                Map.entry("bridge.listeners.secure.host", "127.0.0.1"),
                Map.entry("bridge.listeners.secure.transport", "tls"),
                Map.entry("bridge.listeners.secure.ssl-bundle", "mqtt"),
                Map.entry("bridge.listeners.secure.client-certificate", "optional"),
                Map.entry("bridge.listeners.secure.use-identity-as-username", "true"),
                Map.entry("bridge.security.password-file", passwd),
                Map.entry("bridge.security.acl-file", acl))).start();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    /** A key and a certificate signed by the test CA. */
    private static void signed(String name, String subject, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static Mosquitto.Result publish(String clientId, String topic, String... clientAuth) {
        List<String> args = new ArrayList<>(List.of("--cafile", dir.resolve("ca.pem").toString(), "-i", clientId,
                "-q", "1", "-t", topic, "-m", "7.25"));
        args.addAll(List.of(clientAuth));
        return Mosquitto.pub(bridge.mqttPort("secure"), args.toArray(String[]::new));
    }

    @Test
    void theCertificatesCommonNameIsTheUserTheAclRulesNameAndAClientWithoutOneIsNotAuthorised() throws Exception {
        String[] meter = {"--cert", dir.resolve("meter.pem").toString(), "--key", dir.resolve("meter.key").toString()};
        Process watcher = Mosquitto.startSubscribed(bridge.mqttPort(), "-i", "WATCHER", "-u", "watcher",
                "-P", "watcher-pw", "-t", "meters/#", "-v", "-q", "1", "-C", "1", "-W", "20");
        try (LogCapture log = new LogCapture()) {
            Mosquitto.Result other = publish("METER12A", "meters/meter-13/kwh", meter);
            assertThat(other.exitCode()).as(other.stderr()).isZero();
            log.awaitMessage("TBR0091W", "METER12A", "meters/meter-13/kwh");
        }
        Mosquitto.Result own = publish("METER12B", "meters/meter-12/kwh", meter);
        assertThat(own.exitCode()).as(own.stderr()).isZero();
        assertThat(Mosquitto.finishSubscribed(watcher).stdout().strip()).isEqualTo("meters/meter-12/kwh 7.25");

        Mosquitto.Result without = publish("NOCERT", "meters/meter-12/kwh", "-u", "watcher", "-P", "watcher-pw");
        assertThat(without.stderr()).as("the user name is not looked at on this listener")
                .contains("Connection Refused: not authorised.");
    }
}
