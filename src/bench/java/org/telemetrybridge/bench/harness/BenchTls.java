package org.telemetrybridge.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.TrustManagerFactory;

import org.telemetrybridge.support.TestPki;

/**
 * The keys and certificates of a TLS comparison (compare --tls), made fresh for the run: a CA, and a
 * server certificate for 127.0.0.1 (EC P-256) that every server presents, so each pays the same for
 * its handshakes. The clients trust the CA.
 */
final class BenchTls {

    private final TestPki pki;
    private final TestPki.Issued server;

    BenchTls(Path dir) throws IOException {
        this.pki = TestPki.create(Files.createDirectories(dir), "bench");
        this.server = pki.server("server");
        // Mosquitto drops root privileges to its own user: it must be able to read them.
        for (Path file : new Path[] {dir, pki.caFile(), server.certificateFile(), server.keyFile()}) {
            file.toFile().setReadable(true, false);
        }
        dir.toFile().setExecutable(true, false);
    }

    Path caFile() {
        return pki.caFile();
    }

    Path certificateFile() {
        return server.certificateFile();
    }

    Path keyFile() {
        return server.keyFile();
    }

    TrustManagerFactory clientTrust() {
        return pki.trustManagers();
    }
}
