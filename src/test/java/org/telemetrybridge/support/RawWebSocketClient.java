package org.telemetrybridge.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

/**
 * A WebSocket client that sends MQTT bytes as the test chooses (split over frames, in text frames,
 * with any subprotocol): the JDK's {@link WebSocket}. What the bridge sends comes back as bytes.
 */
public final class RawWebSocketClient implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final CompletableFuture<Void> pong = new CompletableFuture<>();

    private RawWebSocketClient(URI uri, String subprotocol, SSLContext tls) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            http.sslContext(tls);
        }
        WebSocket.Builder builder = http.build().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        socket = builder.buildAsync(uri, new Listener()).orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code ws://127.0.0.1:port/mqtt} offering the given subprotocol (none if null). */
    public static RawWebSocketClient open(int port, String subprotocol) {
        return new RawWebSocketClient(URI.create("ws://127.0.0.1:" + port + "/mqtt"), subprotocol, null);
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends the bytes as one binary message in as many frames as there are parts. */
    public void sendFrames(byte[]... parts) {
        for (int i = 0; i < parts.length; i++) {
            socket.sendBinary(ByteBuffer.wrap(parts[i]), i == parts.length - 1).orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    public void sendText(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void sendPing() {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Sends a close frame; the bridge answers with its own and ends the connection. */
    public void sendClose() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * Sends a close frame unless the connection is already closing: after DISCONNECT the bridge closes
     * first, and the close frame may find the output closed (a race the test does not care about).
     */
    public void sendCloseIfOpen() {
        try {
            sendClose();
        } catch (java.util.concurrent.CompletionException e) {
            if (!(e.getCause() instanceof java.io.IOException)) {
                throw e;
            }
        }
    }

    /** The next binary message from the bridge, or null if none comes within the time. */
    public byte[] poll(long timeout, TimeUnit unit) throws InterruptedException {
        return received.poll(timeout, unit);
    }

    /** The close code the bridge sent (or 1006 if the connection dropped without one), within the time. */
    public int awaitCloseCode(long timeout, TimeUnit unit) {
        return closeCode.orTimeout(timeout, unit).join();
    }

    public boolean awaitPong(long timeout, TimeUnit unit) {
        try {
            pong.get(timeout, unit);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            message.writeBytes(bytes);
            if (last) {
                received.add(message.toByteArray());
                message.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pong.complete(null);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
