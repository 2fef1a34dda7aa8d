package org.telemetrybridge.config;

import java.util.List;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

import org.telemetrybridge.config.ListenerProperties.ClientCertificate;

/** Makes a listener's Netty TLS context from a Spring Boot SSL bundle. */
final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * The server context: the bundle's key and certificate; its trust material checks client
     * certificates when they are asked for; its options set the protocols and cipher suites.
     */
    static SslContext serverContext(SslBundle bundle, ClientCertificate clientCertificate) {
        SslOptions options = bundle.getOptions();
        SslContextBuilder builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
                .sslProvider(provider(options));
        if (clientCertificate != ClientCertificate.NONE) {
            builder.trustManager(bundle.getManagers().getTrustManagerFactory())
                    .clientAuth(clientCertificate == ClientCertificate.REQUIRED ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        if (options.getCiphers() != null) {
            builder.ciphers(List.of(options.getCiphers()));
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("The TLS context could not be made from the SSL bundle: " + e.getMessage(), e);
        }
    }

    /**
     * OpenSSL (BoringSSL, through netty-tcnative) where its native library loads: it costs much less
     * CPU per handshake and per message than the JDK's TLS (docs/performance.md, TLS). The JDK's when
     * the bundle names cipher suites: BoringSSL cannot restrict the TLS 1.3 suites, the JDK enforces
     * exactly the list given.
     */
    static SslProvider provider(SslOptions options) {
        return options.getCiphers() == null && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }
}
