package org.telemetrybridge.support;

import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * An MQTT client for protocol-level tests: it sends exactly the packets a test asks for (including
 * duplicates, missing acknowledgements and broken ones) over a real socket, framed by Netty's MQTT
 * codec, and queues every packet the bridge sends back.
 */
public final class RawMqttClient implements AutoCloseable {

    private static final MultiThreadIoEventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    private final Channel channel;

    private RawMqttClient(int port) {
        channel = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(1024 * 1024), MqttEncoder.INSTANCE,
                                new SimpleChannelInboundHandler<MqttMessage>(false) {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                                        if (msg instanceof MqttPublishMessage publish) {
                                            // Keep a copy the test reads after the buffer is gone, on the heap:
                                            // a pooled copy nobody releases is reported as a leak (MqttFuzzTest).
                                            MqttPublishMessage copy = publish.replace(
                                                    Unpooled.wrappedBuffer(ByteBufUtil.getBytes(publish.content())));
                                            ReferenceCountUtil.release(msg);
                                            received.add(copy);
                                        } else {
                                            received.add(msg);
                                        }
                                    }
                                });
                    }
                }).connect("127.0.0.1", port).syncUninterruptibly().channel();
    }

    public static RawMqttClient open(int port) {
        return new RawMqttClient(port);
    }

    /** Connects with MQTT 3.1.1 and returns the CONNACK. */
    public MqttMessage connect(String clientId, boolean cleanSession, int keepAlive) {
        send(connectMessage(clientId, cleanSession, keepAlive));
        return expect(MqttMessageType.CONNACK);
    }

    public MqttConnectMessage connectMessage(String clientId, boolean cleanSession, int keepAlive) {
        return MqttMessageBuilders.connect().clientId(clientId).cleanSession(cleanSession)
                .keepAlive(keepAlive).protocolVersion(MqttVersion.MQTT_3_1_1).build();
    }

    /**
     * Connects with MQTT 5 and returns the CONNACK; from then on this client's codec reads and writes
     * MQTT 5 (properties, reason codes).
     */
    public MqttMessage connect5(String clientId, boolean cleanStart, int keepAlive, MqttProperties properties) {
        send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(cleanStart).keepAlive(keepAlive)
                .protocolVersion(MqttVersion.MQTT_5).properties(properties).build());
        return expect(MqttMessageType.CONNACK);
    }

    /** An MQTT 5 CONNECT with a QoS 0 will whose payload is "gone". */
    public MqttMessage connect5WithWill(String clientId, String willTopic) {
        send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true).keepAlive(0)
                .protocolVersion(MqttVersion.MQTT_5).willFlag(true).willTopic(willTopic)
                .willMessage("gone".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .willQoS(io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE).build());
        return expect(MqttMessageType.CONNACK);
    }

    /** The reason code of an MQTT 5 DISCONNECT, CONNACK, PUBACK/PUBREC/PUBREL/PUBCOMP received. */
    public static int reasonCode(MqttMessage message) {
        Object header = message.variableHeader();
        if (header instanceof io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader h) {
            return h.reasonCode() & 0xFF;
        }
        if (header instanceof io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader h) {
            return h.reasonCode() & 0xFF;
        }
        if (header instanceof io.netty.handler.codec.mqtt.MqttConnAckVariableHeader h) {
            return h.connectReturnCode().byteValue() & 0xFF;
        }
        return 0;
    }

    /** A clean-session CONNECT with a QoS 0 will whose payload is "gone". */
    public MqttConnectMessage connectMessageWithWill(String clientId, String willTopic) {
        return MqttMessageBuilders.connect().clientId(clientId).cleanSession(true).keepAlive(0)
                .protocolVersion(MqttVersion.MQTT_3_1_1).willFlag(true).willTopic(willTopic)
                .willMessage("gone".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .willQoS(io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE).build();
    }

    public void send(MqttMessage message) {
        channel.writeAndFlush(message).syncUninterruptibly();
    }

    public void publish(String topic, byte[] payload, int qos, boolean dup, int packetId) {
        send(publishMessage(topic, payload, qos, dup, packetId));
    }

    /** Sends a QoS 0 PUBLISH without waiting for the write: for packets the bridge may cut off. */
    public void publishWithoutWaiting(String topic, byte[] payload) {
        channel.writeAndFlush(publishMessage(topic, payload, 0, false, 0));
    }

    private static MqttPublishMessage publishMessage(String topic, byte[] payload, int qos, boolean dup, int packetId) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, packetId), Unpooled.wrappedBuffer(payload));
    }

    public void ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        send(new MqttMessage(new MqttFixedHeader(type, false, qos, false, 2), MqttMessageIdVariableHeader.from(packetId)));
    }

    public MqttMessage subscribe(int packetId, String filter, int qos) {
        send(MqttMessageBuilders.subscribe().messageId(packetId).addSubscription(MqttQoS.valueOf(qos), filter).build());
        return expect(MqttMessageType.SUBACK);
    }

    /** Writes raw bytes, bypassing the encoder: for malformed packets. */
    public void sendBytes(byte[] bytes) {
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        channel.writeAndFlush(buffer).syncUninterruptibly();
    }

    /** The next packet, or null if none arrives within the timeout. */
    public MqttMessage poll(long timeout, TimeUnit unit) {
        try {
            return received.poll(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next packet, which must be of the given type and arrive within 10 s. */
    public MqttMessage expect(MqttMessageType type) {
        MqttMessage message = poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("expected " + type + " but nothing arrived"
                    + (channel.isActive() ? "" : " (connection closed)"));
        }
        if (message.fixedHeader().messageType() != type) {
            throw new AssertionError("expected " + type + " but got " + message);
        }
        return message;
    }

    /** Waits until the bridge closed the connection. */
    public boolean awaitClosed(long timeout, TimeUnit unit) {
        return channel.closeFuture().awaitUninterruptibly(timeout, unit);
    }

    /** The client's own address as the bridge sees it, e.g. "/127.0.0.1:50123": the bridge logs it. */
    public String localAddress() {
        return String.valueOf(channel.localAddress());
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Drops the TCP connection without DISCONNECT, as a device losing its network. */
    public void drop() {
        channel.close().syncUninterruptibly();
    }

    /** MQTT 5 DISCONNECT with Session Expiry Interval 0: the session ends with it; waits for the close. */
    public void disconnectEndingSession() {
        io.netty.handler.codec.mqtt.MqttProperties none = new io.netty.handler.codec.mqtt.MqttProperties();
        none.add(new io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty(
                io.netty.handler.codec.mqtt.MqttProperties.SESSION_EXPIRY_INTERVAL, 0));
        send(MqttMessageBuilders.disconnect().reasonCode((byte) 0).properties(none).build());
        awaitClosed(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    public void disconnect() {
        send(MqttMessage.DISCONNECT);
        channel.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    /** Opens a plain socket and writes bytes: for packets Netty's encoder would refuse to build. */
    public static Socket rawSocket(int port, byte[] bytes) throws java.io.IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return socket;
    }
}
