package org.telemetrybridge.bench.load;

import java.nio.ByteBuffer;

/**
 * The load generator's message body: who sent it, its sequence number and when it was sent
 * ({@link System#nanoTime()} of this JVM, where publishers and receivers both run), padded with
 * zeros to the requested size.
 */
public final class Payload {

    /** publisher id (int) + sequence number (long) + send time (long). */
    public static final int HEADER_BYTES = Integer.BYTES + Long.BYTES + Long.BYTES;

    private Payload() {
    }

    public static byte[] create(int size, int publisher, long sequence, long sentNanos) {
        byte[] body = new byte[Math.max(size, HEADER_BYTES)];
        ByteBuffer.wrap(body).putInt(publisher).putLong(sequence).putLong(sentNanos);
        return body;
    }

    public static int publisher(ByteBuffer body) {
        return body.getInt(body.position());
    }

    public static long sequence(ByteBuffer body) {
        return body.getLong(body.position() + Integer.BYTES);
    }

    public static long sentNanos(ByteBuffer body) {
        return body.getLong(body.position() + Integer.BYTES + Long.BYTES);
    }
}
