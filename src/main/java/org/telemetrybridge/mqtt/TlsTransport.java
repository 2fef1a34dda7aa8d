package org.telemetrybridge.mqtt;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * MQTT over TLS (MQ Telemetry's SSL channels): an SslHandler in front of the MQTT handlers. The
 * context can be replaced while the listener runs (a renewed certificate); connections made before
 * keep the one they were made with.
 */
public final class TlsTransport implements Transport {

    static final String HANDLER_NAME = "tls";

    private volatile SslContext context;

    public TlsTransport(SslContext context) {
        this.context = context;
    }

    /** New connections use this context from now on. */
    public void replaceContext(SslContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public void addHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(HANDLER_NAME, context.newHandler(pipeline.channel().alloc()));
    }

    /** The verified certificate chain the client presented on this pipeline, empty without one. */
    static List<X509Certificate> clientCertificates(ChannelPipeline pipeline) {
        SslHandler tls = pipeline.get(SslHandler.class);
        if (tls == null) {
            return List.of();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return Arrays.stream(chain).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast)
                    .toList();
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }
}
