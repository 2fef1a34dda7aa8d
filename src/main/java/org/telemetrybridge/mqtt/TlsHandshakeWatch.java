package org.telemetrybridge.mqtt;

import java.nio.channels.ClosedChannelException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import org.telemetrybridge.log.BridgeLog;

/**
 * Watches the TLS handshake of one connection: a failure is logged once, with the listener, the
 * client's address and the reason in an operator's words (TBR0134W), and counted on the listener,
 * instead of reaching {@link MqttConnection} as a generic connection error. The SslHandler closes
 * the connection itself; this handler leaves the pipeline once the handshake has succeeded.
 */
final class TlsHandshakeWatch extends ChannelInboundHandlerAdapter {

    static final String NAME = "tlsHandshakeWatch";

    private final MqttListener listener;

    TlsHandshakeWatch(MqttListener listener) {
        this.listener = listener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                ctx.pipeline().remove(this);
            } else if (!closedQuietly(completion.cause())) {
                failed(String.valueOf(ctx.channel().remoteAddress()), reason(completion.cause()));
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    /** The connect timeout ran out before the handshake was done. */
    void timedOut(String remote, long seconds) {
        failed(remote, "the handshake was not completed in time (" + seconds + " s, bridge.mqtt.connect-timeout)");
    }

    private void failed(String remote, String reason) {
        listener.tlsHandshakeFailed();
        BridgeLog.tlsHandshakeFailed(listener.name(), remote, reason);
    }

    /** Before the handshake is done, errors are the handshake's: the completion event reports them. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof SSLException || cause instanceof DecoderException && cause.getCause() instanceof SSLException)) {
            ctx.fireExceptionCaught(cause);
        }
    }

    /**
     * A client that went away before saying anything in TLS, such as a TCP health probe or a port
     * scan: not worth a warning.
     */
    private static boolean closedQuietly(Throwable cause) {
        return cause instanceof ClosedChannelException;
    }

    /** Why the handshake failed, in the words an operator searches for. */
    static String reason(Throwable cause) {
        if (cause instanceof NotSslRecordException) {
            return "the client did not speak TLS (plain MQTT sent to a TLS port?)";
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            return "the handshake was not completed in time (" + cause.getMessage() + ")";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        String rootMessage = String.valueOf(root.getMessage());
        String all = (message + " " + rootMessage).toLowerCase(Locale.ROOT);
        String detail = " (" + (root == cause || message.contains(rootMessage) ? message : message + ": " + rootMessage) + ")";
        // The JDK's words first, then OpenSSL's (BoringSSL's error names, lower-cased).
        if (all.contains("empty client certificate chain") || all.contains("peer_did_not_return_a_certificate")
                || all.contains("certificate_required")) {
            return "no client certificate, and this listener requires one" + detail;
        }
        if (all.contains("pkix path") || all.contains("unable to find valid certification path")
                || all.contains("certificate_verify_failed")) {
            return "the client certificate is not signed by a CA this listener trusts (unknown CA)" + detail;
        }
        if (all.contains("unknown_ca") || all.contains("bad_certificate") || all.contains("certificate_unknown")) {
            return "the client does not trust the listener's certificate" + detail;
        }
        if (all.contains("unsupported_protocol") || all.contains("protocol") && (all.contains("not enabled")
                || all.contains("not supported") || all.contains("version"))) {
            return "no TLS protocol version in common" + detail;
        }
        if (all.contains("cipher")) {
            return "no cipher suite in common" + detail;
        }
        if (all.contains("bad_packet_length")) {
            // OpenSSL's word for an alert the client sent in the clear while breaking off the handshake.
            return "the client broke off the handshake (does it trust the listener's certificate?)" + detail;
        }
        return message + (root == cause ? "" : ": " + rootMessage);
    }
}
