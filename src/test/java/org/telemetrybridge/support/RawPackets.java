package org.telemetrybridge.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** MQTT packets as bytes, built field by field: for packets that break the rules on purpose. */
public final class RawPackets {

    private RawPackets() {
    }

    /** A packet: its first byte, the remaining length as MQTT encodes it, then the parts. */
    public static byte[] packet(int firstByte, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        out.writeBytes(remainingLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** The fixed header alone, declaring a body of {@code length} bytes. */
    public static byte[] fixedHeader(int firstByte, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        out.writeBytes(remainingLength(length));
        return out.toByteArray();
    }

    public static byte[] remainingLength(int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        return out.toByteArray();
    }

    /** A UTF-8 string with its two-byte length. */
    public static byte[] string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return concat(u16(bytes.length), bytes);
    }

    public static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    public static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A CONNECT of MQTT 3.1.1 (level 4) with the given flags and keep-alive 60, then the payload fields. */
    public static byte[] connect311(int flags, String clientId, byte[]... more) {
        return connect("MQTT", 4, flags, clientId, more);
    }

    /** A CONNECT of MQTT 3.1 (protocol name MQIsdp, level 3). */
    public static byte[] connect31(int flags, String clientId, byte[]... more) {
        return connect("MQIsdp", 3, flags, clientId, more);
    }

    /**
     * A CONNECT of MQTT 5 (level 5), clean start, keep-alive 60, with the given property bytes (their
     * length is put before them), then the client id and the payload fields.
     */
    public static byte[] connect5(byte[] properties, String clientId, byte[]... more) {
        return packet(0x10, string("MQTT"), bytes(5, 0x02), u16(60), remainingLength(properties.length), properties,
                string(clientId), concat(more));
    }

    private static byte[] connect(String name, int level, int flags, String clientId, byte[]... more) {
        return packet(0x10, string(name), bytes(level, flags), u16(60), string(clientId), concat(more));
    }
}
