package org.telemetrybridge.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;

import org.telemetrybridge.session.port.OutgoingPublish;

/**
 * Builds the packets a connection sends, in the wire form of the client's protocol version. MQTT 3.1
 * and 3.1.1 share one form; MQTT 5 adds reason codes and properties here, behind the same calls, so
 * the core and the handlers do not change. Callers pass MQTT 5 reason codes; for 3.x they become the
 * return codes that version has, or are left out.
 */
final class PacketWriter {

    static final int MQTT_5 = 5;
    private static final byte SUCCESS = 0;
    private static final int FAILURE_3X = 0x80;

    private final int protocolLevel;
    /** MQTT 5's Request Problem Information: false forbids reason strings on acknowledgements [MQTT-3.1.2-29]. */
    private final boolean problemInformation;
    /**
     * The properties of the last PUBLISH that carried one Subscription Identifier and nothing else, the
     * usual case for a client that numbers its subscriptions (HiveMQ's client numbers every one): made
     * once, not per message. Never changed once made, as netty's encoder only reads them.
     */
    private volatile SubscriptionIdOnly lastSubscriptionId;

    private record SubscriptionIdOnly(int id, MqttProperties properties) {
    }

    /** @param protocolLevel the CONNECT's protocol level: 3 for MQTT 3.1, 4 for 3.1.1, 5 for MQTT 5 */
    PacketWriter(int protocolLevel) {
        this(protocolLevel, true);
    }

    PacketWriter(int protocolLevel, boolean problemInformation) {
        this.protocolLevel = protocolLevel;
        this.problemInformation = problemInformation;
    }

    int protocolLevel() {
        return protocolLevel;
    }

    boolean mqtt5() {
        return protocolLevel == MQTT_5;
    }

    MqttPublishMessage publish(OutgoingPublish publish) {
        return publish(publish, TopicAliases.Outbound.NONE);
    }

    /** A PUBLISH with an MQTT 5 topic alias: a known one replaces the topic name [MQTT-3.3.2-12]. */
    MqttPublishMessage publish(OutgoingPublish publish, TopicAliases.Outbound alias) {
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        String topic = publish.topic();
        if (mqtt5() && alias.alias() == 0 && publish.properties().isEmpty() && publish.subscriptionIds().size() == 1) {
            properties = subscriptionIdOnly(publish.subscriptionIds().get(0));
        } else if (mqtt5() && (alias.alias() > 0 || !publish.properties().isEmpty() || !publish.subscriptionIds().isEmpty())) {
            properties = new MqttProperties();
            MessagePropertiesCodec.write(publish.properties(), properties, System.currentTimeMillis());
            // One property per matching subscription that has an identifier [MQTT-3.3.4-3] [MQTT-3.3.4-4].
            for (int id : publish.subscriptionIds()) {
                properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
            }
        }
        if (alias.alias() > 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, alias.alias()));
            topic = alias.known() ? "" : topic;
        }
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, publish.dup(), MqttQoS.valueOf(publish.qos()),
                        publish.retain(), 0),
                new MqttPublishVariableHeader(topic, publish.packetId(), properties),
                Unpooled.wrappedBuffer(publish.payload()));
    }

    private MqttProperties subscriptionIdOnly(int id) {
        SubscriptionIdOnly last = lastSubscriptionId;
        if (last == null || last.id() != id) {
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
            last = new SubscriptionIdOnly(id, properties);
            lastSubscriptionId = last;
        }
        return last.properties();
    }

    /**
     * The size in bytes of the PUBLISH {@link #publish} makes, fixed header included: what MQTT 5's
     * Maximum Packet Size counts.
     */
    static long publishSize(OutgoingPublish publish) {
        // Room for a Topic Alias property (3 bytes), which the PUBLISH may carry.
        long properties = 3 + MessagePropertiesCodec.encodedLength(publish.properties());
        for (int id : publish.subscriptionIds()) {
            properties += 1 + variableByteIntegerLength(id);
        }
        long remaining = 2L + publish.topic().getBytes(StandardCharsets.UTF_8).length + (publish.qos() > 0 ? 2 : 0)
                + variableByteIntegerLength(properties) + properties + publish.payload().length;
        return 1 + variableByteIntegerLength(remaining) + remaining;
    }

    static int variableByteIntegerLength(long value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP; PUBREL carries QoS 1 in its fixed header [MQTT-3.6.1-1]. */
    MqttMessage ack(MqttMessageType type, int packetId) {
        return ack(type, packetId, SUCCESS, null);
    }

    /** An acknowledgement with an MQTT 5 reason code (and reason string, if the client asked for them). */
    MqttMessage ack(MqttMessageType type, int packetId, byte reasonCode, String reasonString) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        MqttMessageIdVariableHeader header = mqtt5() && (reasonCode != SUCCESS || reasonString != null)
                ? new MqttPubReplyMessageVariableHeader(packetId, reasonCode, ackProperties(reasonString))
                : MqttMessageIdVariableHeader.from(packetId);
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 2), header);
    }

    /** SUBACK with one MQTT 5 reason code per filter; under 3.x every failure is 0x80 [MQTT-3.9.3-2]. */
    MqttSubAckMessage subAck(int packetId, List<Integer> reasonCodes, String reasonString) {
        List<Integer> codes = mqtt5() ? reasonCodes
                : reasonCodes.stream().map(code -> code >= FAILURE_3X ? FAILURE_3X : code).toList();
        return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, ackProperties(reasonString)),
                new MqttSubAckPayload(codes));
    }

    /** UNSUBACK; MQTT 5 has a reason code per filter, 3.x none. */
    MqttUnsubAckMessage unsubAck(int packetId, List<Short> reasonCodes) {
        MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck().packetId(packetId);
        if (mqtt5()) {
            reasonCodes.forEach(ack::addReasonCode);
        }
        return ack.build();
    }

    /**
     * The refusing CONNACK: a 3.x return code becomes its MQTT 5 reason code for an MQTT 5 client;
     * MQTT 5 codes are used as they are. A reason string may go on CONNACK whatever the client asked.
     */
    MqttConnAckMessage connAckRefusal(MqttConnectReturnCode code, String reasonString) {
        MqttMessageBuilders.ConnAckBuilder ack = MqttMessageBuilders.connAck();
        if (!mqtt5()) {
            return ack.returnCode(code).build();
        }
        ack.returnCode(mqtt5Code(code));
        if (reasonString != null) {
            ack.properties(props -> props.reasonString(reasonString));
        }
        return ack.build();
    }

    /**
     * A refusing MQTT 5 CONNACK as bytes, for a CONNECT the decoder never saw (refused by the framer):
     * the encoder then does not know the connection is MQTT 5, so the packet is written as it is.
     */
    static ByteBuf rawConnAckRefusal(byte reasonCode) {
        return Unpooled.wrappedBuffer(new byte[] {0x20, 3, 0, reasonCode, 0});
    }

    static MqttConnectReturnCode mqtt5Code(MqttConnectReturnCode code) {
        return switch (code) {
            case CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION ->
                    MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION;
            case CONNECTION_REFUSED_IDENTIFIER_REJECTED -> MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID;
            case CONNECTION_REFUSED_SERVER_UNAVAILABLE -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5;
            case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD;
            case CONNECTION_REFUSED_NOT_AUTHORIZED -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5;
            default -> code;
        };
    }

    /** The accepting CONNACK; MQTT 5 properties from {@code accepted}, none under 3.x. */
    MqttConnAckMessage connAck(boolean sessionPresent, ConnAckProperties accepted) {
        MqttMessageBuilders.ConnAckBuilder ack = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(sessionPresent);
        if (mqtt5()) {
            ack.properties(accepted.properties());
        }
        return ack.build();
    }

    /**
     * DISCONNECT from the server with a reason, for an MQTT 5 client; null under 3.x, which has no
     * such packet (the connection is just closed). A reason string may go on DISCONNECT whatever the
     * client asked.
     */
    MqttMessage disconnect(MqttReasonCodes.Disconnect reason, String reasonString) {
        return disconnect(reason.byteValue(), reasonString);
    }

    MqttMessage disconnect(byte reasonCode, String reasonString) {
        if (!mqtt5()) {
            return null;
        }
        MqttProperties properties = new MqttProperties();
        if (reasonString != null) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reasonString));
        }
        return MqttMessageBuilders.disconnect().reasonCode(reasonCode).properties(properties).build();
    }

    private MqttProperties ackProperties(String reasonString) {
        if (!mqtt5() || reasonString == null || !problemInformation) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reasonString));
        return properties;
    }
}
