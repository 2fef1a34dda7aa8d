package org.telemetrybridge.e2e.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One fuzzing client: until its deadline, opens connection after connection, sends a CONNECT
 * (mostly) and then random and broken packets, reads and drops whatever comes back, and ends the
 * connection in one of several ways. What each connection sent is kept by its local port, so that a
 * log line naming that port can be replayed.
 */
final class FuzzClient implements Runnable {

    /** Longest a connection may live: a write the bridge no longer reads cannot block for longer. */
    private static final long CONNECTION_MILLIS = 3_000;

    /**
     * Most connections wait (up to a second) for the bridge's answer to their CONNECT, as clients do;
     * the others send on at once or leave before it. Without that pacing, clients reconnecting in a
     * loop took every file descriptor before the connect timeout ran until CONNACK and before
     * bridge.mqtt.max-connections (issue 11, defects 3 and 9); floods are HostileConnectionsTest's.
     */
    private static final int WAITS_FOR_CONNACK_PERCENT = 85;

    private final int port;
    private final long seed;
    private final long deadlineNanos;
    private final ScheduledExecutorService watchdog;
    private final Map<Integer, List<String>> sentByLocalPort;
    private final byte[] drain = new byte[8192];
    private long connections;
    private long packets;

    FuzzClient(int port, long seed, long deadlineNanos, ScheduledExecutorService watchdog,
               Map<Integer, List<String>> sentByLocalPort) {
        this.port = port;
        this.seed = seed;
        this.deadlineNanos = deadlineNanos;
        this.watchdog = watchdog;
        this.sentByLocalPort = sentByLocalPort;
    }

    @Override
    public void run() {
        PacketGenerator generator = new PacketGenerator(seed);
        while (System.nanoTime() < deadlineNanos) {
            try {
                oneConnection(generator);
            } catch (IOException e) {
                // The bridge closed the connection, as it should on most broken input: next one.
            }
        }
    }

    long connections() {
        return connections;
    }

    long packets() {
        return packets;
    }

    private void oneConnection(PacketGenerator generator) throws IOException {
        List<String> sent = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            connections++;
            socket.setSoLinger(true, 0); // end without TIME_WAIT: thousands of short connections
            sentByLocalPort.put(socket.getLocalPort(), sent);
            ScheduledFuture<?> limit = watchdog.schedule(() -> closeQuietly(socket), CONNECTION_MILLIS,
                    TimeUnit.MILLISECONDS);
            try {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                if (generator.random().nextInt(20) != 0) {
                    send(out, generator.connect(), sent);
                    if (generator.random().nextInt(100) < WAITS_FOR_CONNACK_PERCENT) {
                        awaitAnswer(socket, in);
                    }
                }
                int count = generator.random().nextInt(0, 40);
                for (int i = 0; i < count && System.nanoTime() < deadlineNanos; i++) {
                    send(out, generator.anyPacket(), sent);
                    while (in.available() > 0) {
                        in.read(drain);
                    }
                }
                if (generator.random().nextInt(3) == 0) {
                    send(out, new byte[] {(byte) 0xE0, 0}, sent); // DISCONNECT; else the socket just drops
                }
            } finally {
                limit.cancel(false);
            }
        }
    }

    /** Reads the bridge's first bytes (a CONNACK or the close), for at most a second. */
    private void awaitAnswer(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(1000);
        try {
            in.read(drain);
        } catch (java.net.SocketTimeoutException e) {
            // No answer yet: carry on sending, as an impatient client would.
        }
    }

    private void send(OutputStream out, byte[] packet, List<String> sent) throws IOException {
        sent.add(PacketGenerator.describe(packet));
        packets++;
        out.write(packet);
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
