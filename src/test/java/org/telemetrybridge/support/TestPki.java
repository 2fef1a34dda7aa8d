package org.telemetrybridge.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests and benchmarks: EC P-256 keys, a CA, server
 * certificates for 127.0.0.1 and localhost, client certificates; written as PEM files (what
 * Mosquitto and Spring Boot's PEM bundles read) or PKCS#12. Made fresh in the test's directory,
 * never checked in.
 */
public final class TestPki {

    /** A key and its certificate (signed by the CA), with the PEM files they were written to. */
    public record Issued(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {

        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String caName;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Path caFile;

    private TestPki(Path dir, String caName) throws IOException, GeneralSecurityException {
        this.dir = Files.createDirectories(dir);
        this.caName = caName;
        this.caKeys = keyPair();
        X500Name subject = new X500Name("CN=" + caName + ",O=Telemetry Bridge tests");
        JcaX509v3CertificateBuilder builder = builder(subject, subject, caKeys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(caKeys.getPublic()));
        this.caCertificate = sign(builder, caKeys.getPrivate());
        this.caFile = writePem(this.dir.resolve(caName + "-ca.crt"), caCertificate);
    }

    /** A new CA, its certificate in {@code dir/<caName>-ca.crt}. */
    public static TestPki create(Path dir, String caName) {
        try {
            return new TestPki(dir, caName);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Test CA not made: " + e, e);
        }
    }

    /** The CA certificate's PEM file: the trust a client (--cafile) or a listener's truststore needs. */
    public Path caFile() {
        return caFile;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** A server certificate with subject CN {@code name}, for 127.0.0.1 and localhost: {@code dir/<name>.crt|.key}. */
    public Issued server(String name) {
        return issue(name, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}),
                KeyPurposeId.id_kp_serverAuth);
    }

    /** A client certificate with subject CN {@code name}: {@code dir/<name>.crt|.key}. */
    public Issued client(String name) {
        return issue(name, null, KeyPurposeId.id_kp_clientAuth);
    }

    private Issued issue(String name, GeneralNames alternativeNames, KeyPurposeId purpose) {
        try {
            KeyPair keys = keyPair();
            JcaX509v3CertificateBuilder builder = builder(new X500Name("CN=" + caName + ",O=Telemetry Bridge tests"),
                    new X500Name("CN=" + name + ",O=Telemetry Bridge tests"), keys);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            X509Certificate certificate = sign(builder, caKeys.getPrivate());
            Path certificateFile = writePem(dir.resolve(name + ".crt"), certificate);
            Path keyFile = dir.resolve(name + ".key");
            writeAtomically(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            return new Issued(certificate, keys.getPrivate(), certificateFile, keyFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Test certificate " + name + " not made: " + e, e);
        }
    }

    /** The key and certificate (with the CA's) in a PKCS#12 file {@code dir/<name>.p12}, alias {@code name}. */
    public Path pkcs12(String name, Issued issued, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(name, issued.key(), password, new Certificate[] {issued.certificate(), caCertificate});
            Path file = dir.resolve(name + ".p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("PKCS#12 file not made: " + e, e);
        }
    }

    /** A PKCS#12 trust store holding the CA certificate: {@code dir/<name>.p12}. */
    public Path trustStore(String name, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", caCertificate);
            Path file = dir.resolve(name + ".p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Trust store not made: " + e, e);
        }
    }

    /** Trusts this CA only: for a Java client (hivemq-mqtt-client's TLS config). */
    public TrustManagerFactory trustManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", caCertificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Presents this key and certificate: for a Java client with a client certificate. */
    public KeyManagerFactory keyManagers(Issued issued) {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", issued.key(), password, new Certificate[] {issued.certificate(), caCertificate});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies a certificate and key over the files of another (a renewal on disk): each file is
     * written beside and moved into place, so a watcher never reads half a file.
     */
    public static void replace(Issued with, Path certificateFile, Path keyFile) throws IOException {
        Files.copy(with.keyFile(), keyFile.resolveSibling(keyFile.getFileName() + ".new"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(with.certificateFile(), certificateFile.resolveSibling(certificateFile.getFileName() + ".new"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(keyFile.resolveSibling(keyFile.getFileName() + ".new"), keyFile, StandardCopyOption.ATOMIC_MOVE);
        Files.move(certificateFile.resolveSibling(certificateFile.getFileName() + ".new"), certificateFile,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static Path writePem(Path file, Object object) throws IOException {
        writeAtomically(file, pem(object));
        return file;
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof JcaPKCS8Generator generator ? generator.generate() : object);
        }
        return text.toString();
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
