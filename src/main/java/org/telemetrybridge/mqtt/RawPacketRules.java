package org.telemetrybridge.mqtt;

import io.netty.buffer.ByteBuf;

/**
 * The MQTT rules that need a packet's bytes: netty-codec-mqtt's decoder does not check them, or
 * checks them the same way for every protocol level. Each protocol level keeps its own rules here:
 * MQTT 3.1 (level 3) allowed what 3.1.1 (level 4) forbids in places.
 */
final class RawPacketRules {

    static final int MQTT_3_1 = 3;
    static final int MQTT_3_1_1 = 4;
    static final int MQTT_5 = 5;

    private static final int PUBLISH = 3;
    private static final int PUBREL = 6;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;
    private static final int DUP = 0x08;

    private RawPacketRules() {
    }

    /** The protocol level a CONNECT asks for, or 0 if the packet is too short to say. */
    static int protocolLevel(ByteBuf connect, int headerLength) {
        int at = connect.readerIndex() + headerLength;
        if (connect.writerIndex() - at < 2) {
            return 0;
        }
        int levelAt = at + 2 + connect.getUnsignedShort(at);
        return levelAt < connect.writerIndex() ? connect.getUnsignedByte(levelAt) : 0;
    }

    /** What in the packet breaks a rule of its protocol level, or null. */
    static String violation(ByteBuf packet, int headerLength, int protocolLevel) {
        int firstByte = packet.getUnsignedByte(packet.readerIndex());
        int type = firstByte >> 4;
        if (type == PUBLISH && protocolLevel == MQTT_3_1_1 && (firstByte & 0x06) == 0 && (firstByte & DUP) != 0) {
            return "PUBLISH with QoS 0 has DUP set [MQTT-3.3.1-2]";
        }
        if (type == SUBSCRIBE && protocolLevel == MQTT_3_1_1) {
            return subscribeOptionViolation(packet, headerLength);
        }
        return null;
    }

    /**
     * MQTT 3.1 clients set DUP when they send PUBREL, SUBSCRIBE or UNSUBSCRIBE again, as 3.1 allows
     * (those packets carry QoS 1 there, with its DUP flag); 3.1.1 made the bit reserved and the decoder
     * refuses it. For a 3.1 client the bit is cleared: a re-sent PUBREL gets its PUBCOMP.
     */
    static void acceptResentFlags(ByteBuf packet, int protocolLevel) {
        if (protocolLevel != MQTT_3_1) {
            return;
        }
        int at = packet.readerIndex();
        int firstByte = packet.getUnsignedByte(at);
        int type = firstByte >> 4;
        if ((type == PUBREL || type == SUBSCRIBE || type == UNSUBSCRIBE) && (firstByte & DUP) != 0) {
            packet.setByte(at, firstByte & ~DUP);
        }
    }

    /**
     * The byte after each topic filter of a 3.1.1 SUBSCRIBE holds the requested QoS in its two low bits;
     * the other six are reserved, and QoS 3 does not exist [MQTT-3.8.3-4]. The decoder reads bits 2 to 5
     * as MQTT 5 options and ignores bits 6 and 7, so the byte is checked here.
     */
    private static String subscribeOptionViolation(ByteBuf packet, int headerLength) {
        int end = packet.writerIndex();
        int at = packet.readerIndex() + headerLength + 2;
        while (at + 2 <= end) {
            int optionAt = at + 2 + packet.getUnsignedShort(at);
            if (optionAt >= end) {
                return null; // malformed: the decoder says so
            }
            int option = packet.getUnsignedByte(optionAt);
            if ((option & 0xFC) != 0 || (option & 0x03) == 3) {
                return String.format("SUBSCRIBE requested-QoS byte 0x%02X has reserved bits set or QoS 3"
                        + " [MQTT-3.8.3-4]", option);
            }
            at = optionAt + 1;
        }
        return null;
    }
}
