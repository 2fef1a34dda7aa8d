package org.telemetrybridge.mqtt;

import java.util.List;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * MQTT over WebSockets (MQTT 3.1.1 section 6), on Netty's HTTP/WebSocket codec; over TLS ({@code wss})
 * when given a {@link TlsTransport} to put in front. The pipeline of a connection, head to tail:
 * <pre>
 *   [tls] → http (HttpServerCodec) → httpAggregator → wsUpgradeCheck → ws (WebSocketServerProtocolHandler)
 *         → wsFrames → connectTimeout → framer → decoder → ... (the MQTT handlers every transport shares)
 * </pre>
 * Once the upgrade is answered, Netty puts its frame decoder and encoder where the HTTP codec was and
 * drops the codec and the aggregator; the upgrade check removes itself on the way, and the frame
 * adapter swaps Netty's frame decoder for a {@link ChargedFrameDecoder}. The whole upgrade
 * falls within the connect timeout, which runs from the TCP connection to CONNACK.
 */
public final class WebSocketTransport implements Transport {

    public static final String DEFAULT_PATH = "/mqtt";

    /** The subprotocols the bridge answers to, in its order of preference: MQTT 3.1.1 and later, then 3.1. */
    static final List<String> SUBPROTOCOLS = List.of("mqtt", "mqttv3.1");

    /** An upgrade request has no body: a few kilobytes leave room for a proxy that adds one. */
    static final int MAX_REQUEST_BODY = 4096;
    /** Request line and headers: the HTTP codec's own defaults, named. */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 8192;
    /**
     * Room in one frame beyond the largest packet: a client may put a few small packets in the frame
     * that carries a large one (MQTT packets need not align with frames [MQTT-6.0.0-2]).
     */
    static final int FRAME_HEADROOM = 64 * 1024;

    private final String listener;
    private final String path;
    private final int maxFramePayload;
    private final TlsTransport tls;

    /**
     * @param listener      the listener's name, for the log
     * @param path          the HTTP path of the endpoint, starting with '/'
     * @param maxPacketSize bridge.mqtt.max-packet-size: bounds the frames too
     * @param tls           the TLS transport to run under (wss), or null (ws)
     */
    public WebSocketTransport(String listener, String path, int maxPacketSize, TlsTransport tls) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a WebSocket path starts with '/': " + path);
        }
        this.listener = listener;
        this.path = path;
        this.maxFramePayload = (int) Math.min(Integer.MAX_VALUE, (long) maxPacketSize + FRAME_HEADROOM);
        this.tls = tls;
    }

    @Override
    public String name() {
        return tls == null ? "ws" : "wss";
    }

    String path() {
        return path;
    }

    @Override
    public void addHandlers(ChannelPipeline pipeline) {
        if (tls != null) {
            tls.addHandlers(pipeline);
        }
        WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFramePayload)
                .expectMaskedFrames(true)
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(path)
                // The upgrade check has matched the path already, with or without a query string.
                .checkStartsWith(true)
                .subprotocols(String.join(",", SUBPROTOCOLS))
                // Close frames both ways are the frame adapter's: it ends the MQTT connection on one.
                .handleCloseFrames(false)
                .sendCloseFrame(null)
                .dropPongFrames(true)
                .decoderConfig(decoderConfig)
                .build();
        // Request chunks are no larger than the whole body the aggregator lets through.
        pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_REQUEST_BODY))
                .addLast("httpAggregator", new HttpObjectAggregator(MAX_REQUEST_BODY))
                .addLast(WebSocketUpgradeCheck.NAME, new WebSocketUpgradeCheck(listener, path))
                .addLast("ws", new WebSocketServerProtocolHandler(config))
                .addLast(WebSocketFrames.NAME, new WebSocketFrames(decoderConfig));
    }
}
