package org.telemetrybridge.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MQTT 3.1 / 3.1.1 packets as raw bytes, valid and broken, from a seeded random source: the same
 * seed gives the same packets. Built by hand, not by Netty's encoder, which refuses most of what a
 * fuzzer wants to send (bad flags, reserved QoS, wrong lengths).
 *
 * <p>Left out on purpose, until the defects of issue 11 that own them are fixed (see {@link #connect}
 * and {@link #topicLevels}): topic filters deep enough to overflow the embedded broker (defect 1).
 */
public final class PacketGenerator {

    /** Ids of the client-id pool: valid, so every one of them must be able to connect again afterwards. */
    public static final List<String> CLIENT_IDS = List.of(
            "FZ0", "FZ1", "FZ2", "FZ3", "FZ4", "FZ5", "FZ6", "FZ7", "FZ8", "FZ9",
            "FZ.A", "FZ/B", "FZ_C", "FZ%D", "fz.e", "FZ10", "FZ11", "FZ12", "FZ13", "FZ14");

    private static final String[] LEVELS = {"a", "b", "dev", "t", "", "+", "#", "$SYS", "x y", "\u00e9t\u00e9"};

    /**
     * Levels per topic at most: now and then far beyond bridge.topic.max-levels (100), which the bridge
     * must refuse before any backend sees it (a filter of tens of thousands of levels once broke the
     * embedded broker for good).
     */
    static final int MAX_LEVELS = 20_000;

    private final SplittableRandom random;

    public PacketGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public SplittableRandom random() {
        return random;
    }

    /** One packet, chosen by weight; sometimes broken on purpose. */
    public byte[] anyPacket() {
        int pick = random.nextInt(100);
        byte[] packet;
        if (pick < 30) {
            packet = publish();
        } else if (pick < 45) {
            packet = subscribe();
        } else if (pick < 52) {
            packet = unsubscribe();
        } else if (pick < 70) {
            packet = acknowledgement();
        } else if (pick < 76) {
            packet = fixed(0xC0); // PINGREQ
        } else if (pick < 80) {
            packet = connect(); // a second CONNECT [MQTT-3.1.0-2]
        } else if (pick < 83) {
            packet = fixed(0xE0); // DISCONNECT
        } else if (pick < 86) {
            packet = fixed(random.nextBoolean() ? 0x00 : 0xF0); // reserved packet types
        } else if (pick < 88) {
            packet = bytes(random.nextInt(1, 64)); // noise
        } else {
            packet = publish();
        }
        return random.nextInt(100) < 12 ? mutate(packet) : packet;
    }

    /** CONNECT with random flags, protocol level, keep-alive, id, will and credentials. */
    public byte[] connect() {
        boolean v31 = random.nextInt(4) == 0;
        Bytes body = new Bytes();
        int protocol = random.nextInt(40);
        body.string(protocol == 0 ? "MQTX" : v31 ? "MQIsdp" : "MQTT");
        body.write(protocol == 1 ? random.nextInt(256) : v31 ? 3 : 4);
        // Mostly coherent flags, sometimes any byte: reserved bit, will QoS 3, will QoS without will,
        // password without user name (defect 4 of issue 11 is about how these are refused).
        int flags;
        if (random.nextInt(5) == 0) {
            flags = random.nextInt(256);
        } else {
            boolean will = random.nextInt(4) == 0;
            flags = (random.nextBoolean() ? 0x02 : 0)
                    | (will ? 0x04 | random.nextInt(3) << 3 | (random.nextBoolean() ? 0x20 : 0) : 0)
                    | (random.nextInt(5) == 0 ? 0xC0 : 0);
        }
        body.write(flags);
        body.u16(random.nextInt(10) == 0 ? random.nextInt(65536) : random.nextInt(5, 600));
        body.string(clientId());
        if ((flags & 0x04) != 0) {
            body.string(topic());
            body.binary(bytes(random.nextInt(0, 32)));
        }
        if ((flags & 0x80) != 0 && random.nextInt(10) != 0) {
            body.string("user" + random.nextInt(10));
        }
        if ((flags & 0x40) != 0 && random.nextInt(10) != 0) {
            body.binary(bytes(random.nextInt(0, 16)));
        }
        return packet(0x10, body);
    }

    /** A client id: mostly from the pool, else empty, too long or with characters no MQ name allows. */
    public String clientId() {
        int pick = random.nextInt(20);
        return switch (pick) {
            case 0 -> "";
            case 1 -> "FZ-" + random.nextInt(100);
            case 2 -> "FZ " + random.nextInt(100);
            case 3 -> "FZ" + "L".repeat(random.nextInt(20, 70));
            default -> CLIENT_IDS.get(random.nextInt(CLIENT_IDS.size()));
        };
    }

    byte[] publish() {
        int qos = random.nextInt(20) == 0 ? 3 : random.nextInt(3);
        boolean dup = random.nextInt(6) == 0;
        boolean retain = random.nextInt(8) == 0;
        Bytes body = new Bytes();
        body.raw(topicBytes());
        if (qos > 0) {
            body.u16(packetId());
        }
        body.raw(bytes(random.nextInt(10) == 0 ? random.nextInt(0, 4096) : random.nextInt(0, 64)));
        return packet(0x30 | (dup ? 0x08 : 0) | qos << 1 | (retain ? 1 : 0), body);
    }

    byte[] subscribe() {
        Bytes body = new Bytes();
        body.u16(packetId());
        int count = random.nextInt(8) == 0 ? 0 : random.nextInt(1, 5);
        for (int i = 0; i < count; i++) {
            body.raw(topicBytes());
            // Requested QoS byte: mostly 0-2, sometimes 3 or reserved bits set.
            body.write(random.nextInt(8) == 0 ? random.nextInt(256) : random.nextInt(3));
        }
        // Fixed-header flags must be 0010 [MQTT-3.8.1-1]; sometimes not.
        return packet(random.nextInt(15) == 0 ? 0x80 : 0x82, body);
    }

    byte[] unsubscribe() {
        Bytes body = new Bytes();
        body.u16(packetId());
        int count = random.nextInt(8) == 0 ? 0 : random.nextInt(1, 4);
        for (int i = 0; i < count; i++) {
            body.raw(topicBytes());
        }
        return packet(random.nextInt(15) == 0 ? 0xA0 : 0xA2, body);
    }

    /** PUBACK, PUBREC, PUBREL (with and without its required flags, with DUP) or PUBCOMP. */
    byte[] acknowledgement() {
        int type = new int[] {0x40, 0x50, 0x62, 0x6A, 0x60, 0x70}[random.nextInt(6)];
        Bytes body = new Bytes();
        body.u16(packetId());
        return packet(type, body);
    }

    private int packetId() {
        return random.nextInt(10) == 0 ? 0 : random.nextInt(10) == 0 ? random.nextInt(65536) : random.nextInt(1, 20);
    }

    /** A topic name or filter: levels from a small vocabulary, so that the backend's topics stay few. */
    String topic() {
        int levels = random.nextInt(30) != 0 ? random.nextInt(1, 5)
                : random.nextBoolean() ? random.nextInt(1, 200) : random.nextInt(1, MAX_LEVELS + 1);
        StringBuilder topic = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                topic.append('/');
            }
            topic.append(LEVELS[random.nextInt(LEVELS.length)]);
        }
        if (random.nextInt(40) == 0) {
            topic.append("/").append("L".repeat(random.nextInt(100, 12_000))); // long, under and over 10,240
        }
        if (random.nextInt(40) == 0) {
            topic.insert(random.nextInt(topic.length() + 1), '\u0000');
        }
        return topic.toString();
    }

    /** A length-prefixed topic: UTF-8, sometimes invalid UTF-8 or an empty string. */
    private byte[] topicBytes() {
        Bytes bytes = new Bytes();
        int pick = random.nextInt(30);
        if (pick == 0) {
            bytes.binary(new byte[0]);
        } else if (pick == 1) {
            byte[] invalid = {'a', '/', (byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF};
            bytes.binary(invalid);
        } else {
            bytes.string(topic());
        }
        return bytes.toByteArray();
    }

    /** Breaks a packet: truncated, a byte changed, a wrong remaining length, garbage after it. */
    byte[] mutate(byte[] packet) {
        byte[] copy = packet.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                return java.util.Arrays.copyOf(copy, random.nextInt(1, Math.max(2, copy.length)));
            }
            case 1 -> {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                return copy;
            }
            case 2 -> {
                // Remaining length claiming more (or, with 5 bytes, an invalid varint) than follows.
                Bytes broken = new Bytes();
                broken.write(copy[0]);
                int claims = random.nextInt(3);
                if (claims == 0) {
                    broken.raw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
                } else {
                    broken.varint(claims == 1 ? random.nextInt(268_435_456) : copy.length + random.nextInt(1, 50));
                }
                broken.raw(java.util.Arrays.copyOfRange(copy, Math.min(copy.length, 2), copy.length));
                return broken.toByteArray();
            }
            case 3 -> {
                Bytes longer = new Bytes();
                longer.raw(copy);
                longer.raw(bytes(random.nextInt(1, 20)));
                return longer.toByteArray();
            }
            default -> {
                return bytes(random.nextInt(1, 200));
            }
        }
    }

    private byte[] fixed(int firstByte) {
        return new byte[] {(byte) firstByte, 0};
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] packet(int firstByte, Bytes body) {
        Bytes packet = new Bytes();
        packet.write(firstByte);
        packet.varint(body.size());
        packet.raw(body.toByteArray());
        return packet.toByteArray();
    }

    /** A short description for replay reports: the first bytes in hex. */
    public static String describe(byte[] packet) {
        String hex = HexFormat.of().formatHex(packet, 0, Math.min(packet.length, 48));
        return packet.length + "B " + hex + (packet.length > 48 ? "..." : "");
    }

    /** The MQTT encodings: two-byte big-endian lengths and the variable-length remaining length. */
    private static final class Bytes extends ByteArrayOutputStream {

        void u16(int value) {
            write(value >> 8 & 0xFF);
            write(value & 0xFF);
        }

        void string(String value) {
            binary(value.getBytes(StandardCharsets.UTF_8));
        }

        void binary(byte[] value) {
            int length = Math.min(value.length, 65535);
            u16(length);
            write(value, 0, length);
        }

        void raw(byte[] value) {
            write(value, 0, value.length);
        }

        void varint(int value) {
            do {
                int digit = value % 128;
                value /= 128;
                write(value > 0 ? digit | 0x80 : digit);
            } while (value > 0);
        }
    }
}
