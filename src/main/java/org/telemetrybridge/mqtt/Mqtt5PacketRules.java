package org.telemetrybridge.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttReasonCodes;

/**
 * The MQTT 5 rules on properties and subscription options that netty-codec-mqtt's decoder does not
 * check: it keeps the last of duplicate properties, accepts any property on any packet, and takes
 * values the specification forbids. Checked on the packet's bytes, client-to-server packets only;
 * each rule says what DISCONNECT (or CONNACK) reason ends the connection.
 */
final class Mqtt5PacketRules {

    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int PUBACK = 4;
    private static final int PUBCOMP = 7;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;
    private static final int DISCONNECT = 14;
    private static final int AUTH = 15;

    /** Where a property may appear, by packet; WILL stands for the will properties of CONNECT. */
    private enum Place { CONNECT, WILL, PUBLISH, PUBLISH_ACK, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT, AUTH }

    private static final int USER_PROPERTY = 0x26;
    private static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    private static final int TOPIC_ALIAS = 0x23;
    private static final int SESSION_EXPIRY_INTERVAL = 0x11;

    private Mqtt5PacketRules() {
    }

    /** What in an MQTT 5 packet from a client breaks a rule, or null. */
    static PacketRefused violation(ByteBuf packet, int headerLength, int topicAliasMaximum) {
        try {
            return check(new Reader(packet, packet.readerIndex() + headerLength, packet.writerIndex()),
                    packet.getUnsignedByte(packet.readerIndex()), topicAliasMaximum);
        } catch (IndexOutOfBoundsException shortPacket) {
            return null; // a length that points past the end: the framer and decoder refuse it as malformed
        }
    }

    private static PacketRefused check(Reader in, int firstByte, int topicAliasMaximum) {
        int type = firstByte >> 4;
        switch (type) {
            case CONNECT -> {
                in.skip(in.u16());               // protocol name
                in.skip(1);                      // level
                int flags = in.u8();
                in.skip(2);                      // keep-alive
                PacketRefused bad = properties(in, Place.CONNECT, 0);
                if (bad == null && (flags & 0x04) != 0) {
                    in.skip(in.u16());           // client identifier
                    bad = properties(in, Place.WILL, 0);
                }
                return bad == null ? null : bad.ofMqtt5Connect();
            }
            case PUBLISH -> {
                in.skip(in.u16());
                if ((firstByte & 0x06) != 0) {
                    in.skip(2);
                }
                if ((firstByte & 0x06) == 0 && (firstByte & 0x08) != 0) {
                    return malformed("PUBLISH with QoS 0 has DUP set [MQTT-3.3.1-2]");
                }
                return properties(in, Place.PUBLISH, topicAliasMaximum);
            }
            case SUBSCRIBE -> {
                in.skip(2);
                PacketRefused bad = properties(in, Place.SUBSCRIBE, 0);
                return bad != null ? bad : subscriptionOptions(in);
            }
            case UNSUBSCRIBE -> {
                in.skip(2);
                return properties(in, Place.UNSUBSCRIBE, 0);
            }
            case DISCONNECT, AUTH -> {
                if (!in.more()) {
                    return null;
                }
                in.skip(1);                      // reason code
                return in.more() ? properties(in, type == AUTH ? Place.AUTH : Place.DISCONNECT, 0) : null;
            }
            default -> {
                if (type >= PUBACK && type <= PUBCOMP) {
                    in.skip(2);
                    if (!in.more()) {
                        return null;
                    }
                    in.skip(1);
                    return in.more() ? properties(in, Place.PUBLISH_ACK, 0) : null;
                }
                return null;
            }
        }
    }

    /** The properties at the reader: each allowed where it is, at most once (but User Property), its value valid. */
    private static PacketRefused properties(Reader in, Place place, int topicAliasMaximum) {
        long length = in.varInt();
        int end = in.at + (int) length;
        if (length > in.end - in.at) {
            return null; // malformed: the decoder says so
        }
        if (length == 0) {
            return null; // most packets have none: no need for the table below
        }
        boolean[] seen = new boolean[0x80];
        while (in.at < end) {
            int id = (int) in.varInt();
            if (id >= seen.length || !allowed(id, place)) {
                return malformed(String.format("property 0x%02X is not allowed in %s (MQTT 5 section 2.2.2.2)", id, name(place)));
            }
            if (seen[id] && id != USER_PROPERTY) {
                return protocolError(String.format("property 0x%02X appears more than once in %s (MQTT 5 section 2.2.2.2)",
                        id, name(place)));
            }
            seen[id] = true;
            PacketRefused bad = value(in, id, place, topicAliasMaximum);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /** Reads one property value and checks it. */
    private static PacketRefused value(Reader in, int id, Place place, int topicAliasMaximum) {
        switch (id) {
            case 0x01, 0x17, 0x19 -> {               // payload format indicator, request problem/response information
                int value = in.u8();
                if (value > 1) {
                    return protocolError(String.format("property 0x%02X has value %d; only 0 and 1 exist%s", id, value,
                            id == 0x01 ? " (section 3.3.2.3.2)" : " (section 3.1.2.11)"));
                }
            }
            case 0x21 -> {                           // receive maximum
                if (in.u16() == 0) {
                    return protocolError("Receive Maximum 0 (MQTT 5 section 3.1.2.11.3)");
                }
            }
            case 0x22 -> in.skip(2);                 // topic alias maximum
            case TOPIC_ALIAS -> {
                int alias = in.u16();
                if (alias == 0) {
                    return new PacketRefused(PacketRefused.Reason.PROTOCOL_VIOLATION, "Topic Alias 0 [MQTT-3.3.2-8]",
                            MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID.byteValue());
                }
                if (alias > topicAliasMaximum) {
                    return new PacketRefused(PacketRefused.Reason.PROTOCOL_VIOLATION, "Topic Alias " + alias
                            + " above the Topic Alias Maximum " + topicAliasMaximum + " [MQTT-3.3.2-9]",
                            MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID.byteValue());
                }
            }
            case 0x27 -> {                           // maximum packet size
                if (in.u32() == 0) {
                    return protocolError("Maximum Packet Size 0 (MQTT 5 section 3.1.2.11.4)");
                }
            }
            case 0x02, 0x11, 0x18 -> in.skip(4);     // message expiry, session expiry, will delay
            case SUBSCRIPTION_IDENTIFIER -> {
                long subscriptionId = in.varInt();
                if (place == Place.PUBLISH) {
                    return protocolError("a PUBLISH from a client carries a Subscription Identifier [MQTT-3.3.4-6]");
                }
                if (subscriptionId == 0) {
                    return protocolError("Subscription Identifier 0 (MQTT 5 section 3.8.2.1.2)");
                }
            }
            case USER_PROPERTY -> {
                in.skip(in.u16());
                in.skip(in.u16());
            }
            default -> in.skip(in.u16());            // UTF-8 strings and binary data
        }
        return null;
    }

    /**
     * The options byte after each topic filter: bits 6 and 7 are reserved [MQTT-3.8.3-5], QoS 3 does not
     * exist and Retain Handling 3 is a protocol error (section 3.8.3.1).
     */
    private static PacketRefused subscriptionOptions(Reader in) {
        while (in.more()) {
            in.skip(in.u16());
            int option = in.u8();
            if ((option & 0xC0) != 0 || (option & 0x03) == 3) {
                return malformed(String.format("SUBSCRIBE options byte 0x%02X has reserved bits set or QoS 3"
                        + " [MQTT-3.8.3-5]", option));
            }
            if ((option >> 4 & 0x03) == 3) {
                return protocolError(String.format("SUBSCRIBE options byte 0x%02X has Retain Handling 3"
                        + " (MQTT 5 section 3.8.3.1)", option));
            }
        }
        return null;
    }

    private static boolean allowed(int id, Place place) {
        return switch (id) {
            case 0x01, 0x02, 0x03, 0x08, 0x09 -> place == Place.PUBLISH || place == Place.WILL;
            case SUBSCRIPTION_IDENTIFIER -> place == Place.PUBLISH || place == Place.SUBSCRIBE;
            case SESSION_EXPIRY_INTERVAL -> place == Place.CONNECT || place == Place.DISCONNECT;
            case 0x15, 0x16 -> place == Place.CONNECT || place == Place.AUTH;
            case 0x17, 0x19, 0x21, 0x22, 0x27 -> place == Place.CONNECT;
            case 0x18 -> place == Place.WILL;
            case 0x1C -> place == Place.DISCONNECT;
            case 0x1F -> place == Place.PUBLISH_ACK || place == Place.DISCONNECT || place == Place.AUTH;
            case TOPIC_ALIAS -> place == Place.PUBLISH;
            case USER_PROPERTY -> true;
            default -> false;
        };
    }

    private static String name(Place place) {
        return switch (place) {
            case WILL -> "the will properties of CONNECT";
            case PUBLISH_ACK -> "PUBACK/PUBREC/PUBREL/PUBCOMP";
            default -> place.name();
        };
    }

    private static PacketRefused malformed(String detail) {
        return new PacketRefused(PacketRefused.Reason.MALFORMED, detail);
    }

    private static PacketRefused protocolError(String detail) {
        return new PacketRefused(PacketRefused.Reason.PROTOCOL_VIOLATION, detail);
    }

    /** Reads a packet's bytes without moving its reader index; past the end throws IndexOutOfBoundsException. */
    private static final class Reader {
        private final ByteBuf buf;
        private final int end;
        private int at;

        Reader(ByteBuf buf, int at, int end) {
            this.buf = buf;
            this.at = at;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        void skip(int bytes) {
            if (at + bytes > end) {
                throw new IndexOutOfBoundsException();
            }
            at += bytes;
        }

        int u8() {
            skip(1);
            return buf.getUnsignedByte(at - 1);
        }

        int u16() {
            skip(2);
            return buf.getUnsignedShort(at - 2);
        }

        long u32() {
            skip(4);
            return buf.getUnsignedInt(at - 4);
        }

        long varInt() {
            long value = 0;
            for (int shift = 0; shift < 28; shift += 7) {
                int digit = u8();
                value |= (long) (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0) {
                    return value;
                }
            }
            throw new IndexOutOfBoundsException(); // more than 4 bytes: malformed, the decoder says so
        }
    }
}
