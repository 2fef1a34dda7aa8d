package org.telemetrybridge.mqtt;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.ClientIdentity;
import org.telemetrybridge.session.port.ConnectionInfo;
import org.telemetrybridge.session.port.OutgoingPublish;
import org.telemetrybridge.session.port.ClientConnection;
import org.telemetrybridge.session.Session;

/**
 * One MQTT connection: reads packets, hands each to the handler for its type, and writes what the
 * session sends. Confined to the channel's event loop, except {@link #takeOver(String)}.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter implements ClientConnection {

    static final String NAME = "mqtt";

    /** Inbound publications not yet accepted by the backend before the connection stops reading. */
    private static final int MAX_OUTSTANDING_PUBLISHES = 1000;

    enum State { AWAITING_CONNECT, CONNECTING, CONNECTED }

    private final MqttEdge edge;
    private final MqttListener listener;
    private Channel channel;
    private String remoteAddress = "(unknown)";
    private State state = State.AWAITING_CONNECT;
    private String clientId = "(none)";
    /** Writes packets in the form of the client's protocol version, known from its CONNECT. */
    private PacketWriter writer = new PacketWriter(4);
    /** What an MQTT 5 client asked for in its CONNECT; {@link ConnectProperties#MQTT_3} for the others. */
    private ConnectProperties connectProperties = ConnectProperties.MQTT_3;
    /** MQTT 5 topic aliases, both ways. */
    private TopicAliases topicAliases = new TopicAliases(0);
    /** Packet ids of the client's QoS 1/2 PUBLISHes not yet answered with PUBACK or PUBCOMP (MQTT 5 Receive Maximum). */
    private final java.util.Set<Integer> inboundUnacknowledged = new java.util.HashSet<>();
    /** The topic name of the last PUBLISH that passed the topic checks. */
    private String lastTopicChecked;
    /** Who the client is, once authenticated; what authorization decides on. */
    private ClientIdentity identity;
    private Session session;
    private boolean closing;
    private boolean cleanDisconnect;
    /** Why the connection is closing, once the bridge or the client decided to close it. */
    private DisconnectReason disconnectReason;
    private boolean flushScheduled;
    private boolean readingPaused;
    private final AtomicInteger outstandingPublishes = new AtomicInteger();
    /** Set once at CONNACK; read by operators from other threads. */
    private volatile ConnectionInfo info;
    /** Packets that arrived behind CONNECT while the session was being set up. */
    private final Queue<MqttMessage> heldBack = new ArrayDeque<>();
    private final Runnable flushTask = this::flushNow;

    MqttConnection(MqttEdge edge, MqttListener listener) {
        this.edge = edge;
        this.listener = listener;
    }

    /** The listener the client connected to. */
    MqttListener listener() {
        return listener;
    }

    /** What the client is checked against: its listener's policy. */
    ClientPolicy policy() {
        return listener.policy();
    }

    // --- Netty events ----------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        remoteAddress = String.valueOf(channel.remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MqttMessage message = (MqttMessage) msg;
        // A packet that could not be read ends the connection at once, even while CONNECT is handled.
        if (state == State.CONNECTING && !closing && message.decoderResult().isSuccess()) {
            heldBack.add(message);
            return;
        }
        try {
            handle(message);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushNow();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable() && session != null && state == State.CONNECTED) {
            session.resumeOutbound();
            flushNow();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        heldBack.forEach(ReferenceCountUtil::release);
        heldBack.clear();
        if (session != null) {
            session.detach(this, cleanDisconnect);
        }
        listener.connectionClosed();
        if (state == State.CONNECTED) {
            edge.traffic().disconnected(disconnectReason != null ? disconnectReason
                    : edge.traffic().isStopping() ? DisconnectReason.SERVER_SHUTDOWN : DisconnectReason.CONNECTION_LOST);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        disconnectReason(DisconnectReason.CONNECTION_LOST);
        Disconnector.close(this, () -> BridgeLog.connectionError(clientId, remoteAddress, cause));
    }

    // --- dispatch --------------------------------------------------------------------------------

    private void handle(MqttMessage message) {
        if (closing) {
            return;
        }
        if (message.decoderResult().isFailure()) {
            decoderFailure(message);
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (state == State.AWAITING_CONNECT && type != MqttMessageType.CONNECT) {
            Disconnector.close(this, () -> BridgeLog.firstPacketNotConnect(remoteAddress, type.name()));
            return;
        }
        switch (type) {
            case CONNECT -> edge.connectHandler().connect(this, (MqttConnectMessage) message);
            case PUBLISH -> edge.publishHandler().publish(this, (MqttPublishMessage) message);
            case PUBREL -> edge.publishHandler().release(this, packetId(message));
            case PUBACK -> session.onPuback(packetId(message));
            case PUBREC -> session.onPubrec(packetId(message));
            case PUBCOMP -> session.onPubcomp(packetId(message));
            case SUBSCRIBE -> edge.subscribeHandler().subscribe(this, (MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> edge.subscribeHandler().unsubscribe(this, (MqttUnsubscribeMessage) message);
            case PINGREQ -> write(MqttMessage.PINGRESP);
            case DISCONNECT -> disconnect(message);
            default -> Disconnector.close(this, MqttReasonCodes.Disconnect.PROTOCOL_ERROR, null,
                    () -> BridgeLog.protocolViolation(clientId, remoteAddress,
                    "a client must not send " + type));
        }
    }

    private void decoderFailure(MqttMessage message) {
        Throwable cause = message.decoderResult().cause();
        if (cause instanceof PacketRefused refused) {
            packetRefused(refused);
        } else if (cause instanceof MqttUnacceptableProtocolVersionException) {
            Disconnector.refuse(this, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    () -> BridgeLog.unsupportedProtocol(remoteAddress, cause.getMessage()));
        } else if (cause instanceof TooLongFrameException) {
            Disconnector.close(this, MqttReasonCodes.Disconnect.PACKET_TOO_LARGE, null,
                    () -> BridgeLog.packetTooLarge(clientId, remoteAddress, "more than " + edge.maxPacketSize() + " bytes"));
        } else {
            String detail = String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
            Disconnector.close(this, MqttReasonCodes.Disconnect.MALFORMED_PACKET, null,
                    () -> BridgeLog.malformedPacket(clientId, remoteAddress, detail));
        }
    }

    private void packetRefused(PacketRefused refused) {
        String detail = refused.getMessage();
        Runnable logEvent = () -> {
            switch (refused.reason()) {
                case TOO_LARGE -> BridgeLog.packetTooLarge(clientId, remoteAddress, detail);
                case OVER_BUDGET -> BridgeLog.partialPacketsOverBudget(clientId, remoteAddress, detail);
                case ARRIVAL_TIMEOUT -> BridgeLog.packetArrivalTimeout(clientId, remoteAddress, detail);
                case PROTOCOL_VIOLATION -> BridgeLog.protocolViolation(clientId, remoteAddress, detail);
                case MALFORMED -> BridgeLog.malformedPacket(clientId, remoteAddress, detail);
            }
        };
        if (refused.mqtt5Connect() && state == State.AWAITING_CONNECT) {
            Disconnector.refuseMqtt5Connect(this, refused.reasonCode(), logEvent);
        } else {
            Disconnector.close(this, refused.reasonCode(), detail, logEvent);
        }
    }

    /**
     * DISCONNECT from the client. MQTT 5 adds a reason (0x04: publish the will all the same) and may
     * change the session expiry, though not from 0 [MQTT-3.14.2-2].
     */
    private void disconnect(MqttMessage message) {
        if (!writer.mqtt5() || !(message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header)) {
            Disconnector.clientDisconnected(this);
            return;
        }
        long expiry = ConnectProperties.number(header.properties(), MqttProperties.SESSION_EXPIRY_INTERVAL, -1);
        if (expiry > 0 && connectProperties.sessionExpiry() == 0) {
            Disconnector.close(this, MqttReasonCodes.Disconnect.PROTOCOL_ERROR, null,
                    () -> BridgeLog.protocolViolation(clientId, remoteAddress, "DISCONNECT sets a session expiry"
                            + " interval after CONNECT set 0 [MQTT-3.14.2-2]"));
            return;
        }
        if (expiry >= 0 && session != null) {
            session.expiryInterval(expiry);
        }
        if (header.reasonCode() == MqttReasonCodes.Disconnect.DISCONNECT_WITH_WILL_MESSAGE.byteValue()) {
            Disconnector.clientDisconnectedWithWill(this);
        } else {
            Disconnector.clientDisconnected(this);
        }
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    // --- connect life, used by the handlers ------------------------------------------------------

    /** The CONNECT's protocol level and MQTT 5 properties are known: packets are written in that version. */
    void speaking(PacketWriter writer, ConnectProperties properties) {
        this.writer = writer;
        this.connectProperties = properties;
        this.topicAliases = new TopicAliases(Math.min(properties.topicAliasMaximum(), edge.outboundTopicAliasMaximum()));
    }

    PacketWriter writer() {
        return writer;
    }

    TopicAliases topicAliases() {
        return topicAliases;
    }

    ConnectProperties connectProperties() {
        return connectProperties;
    }

    void connecting(String clientId) {
        this.clientId = clientId;
        this.state = State.CONNECTING;
        channel.config().setAutoRead(false);
    }

    /** The session is attached and CONNACK was written: handle what arrived meanwhile. */
    void connected(Session session, int protocolLevel, int keepAliveSeconds) {
        this.info = new ConnectionInfo(remoteAddress, listener.name(), protocolLevel, keepAliveSeconds,
                java.time.Instant.now(), identity == null ? null : identity.user());
        this.session = session;
        this.state = State.CONNECTED;
        edge.traffic().connected(listener.name(), protocolLevel);
        while (!heldBack.isEmpty() && !closing) {
            MqttMessage message = heldBack.poll();
            try {
                handle(message);
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        if (!readingPaused) {
            channel.config().setAutoRead(true);
        }
    }

    boolean markClosing() {
        if (closing) {
            return false;
        }
        closing = true;
        return true;
    }

    void refused() {
        edge.connectsRefused().increment();
    }

    /** Records why the connection closes; the first reason given wins. */
    void disconnectReason(DisconnectReason reason) {
        if (disconnectReason == null) {
            disconnectReason = reason;
        }
    }

    void markCleanDisconnect() {
        cleanDisconnect = true;
    }

    boolean isClosing() {
        return closing;
    }

    State state() {
        return state;
    }

    Session session() {
        return session;
    }

    String lastTopicChecked() {
        return lastTopicChecked;
    }

    void topicChecked(String topic) {
        lastTopicChecked = topic;
    }

    /** The client passed authentication as this identity. */
    void identified(ClientIdentity identity) {
        this.identity = identity;
    }

    ClientIdentity identity() {
        return identity;
    }

    String clientId() {
        return clientId;
    }

    Channel channel() {
        return channel;
    }

    // --- inbound flow control --------------------------------------------------------------------

    /** Counts a publication handed to the backend; reading stops while too many are outstanding. */
    void publishStarted() {
        if (outstandingPublishes.incrementAndGet() >= MAX_OUTSTANDING_PUBLISHES && !readingPaused) {
            readingPaused = true;
            channel.config().setAutoRead(false);
        }
    }

    /** Called on any thread when the backend finished with a publication. */
    void publishFinished() {
        if (outstandingPublishes.decrementAndGet() == MAX_OUTSTANDING_PUBLISHES / 2) {
            channel.eventLoop().execute(() -> {
                if (readingPaused && outstandingPublishes.get() <= MAX_OUTSTANDING_PUBLISHES / 2) {
                    readingPaused = false;
                    channel.config().setAutoRead(true);
                }
            });
        }
    }

    // --- writing ---------------------------------------------------------------------------------

    /** Writes a packet and flushes once the current batch of work on the event loop is done. */
    void write(Object packet) {
        channel.write(packet, channel.voidPromise());
        scheduleFlush();
    }

    void writeAck(MqttMessageType type, int packetId) {
        write(writer.ack(type, packetId));
    }

    /** An acknowledgement with an MQTT 5 reason code; 3.x clients get the plain one. */
    void writeAck(MqttMessageType type, int packetId, byte reasonCode, String reasonString) {
        write(writer.ack(type, packetId, reasonCode, reasonString));
    }

    // --- MQTT 5 Receive Maximum of the bridge ----------------------------------------------------

    /**
     * A QoS 1/2 PUBLISH arrived: false if the client now has more unanswered than the bridge's Receive
     * Maximum allows (MQTT 5 section 3.3.4, [MQTT-3.3.4-7]). A QoS 2 PUBLISH sent again with its id counts once.
     */
    boolean inboundPublishStarted(int packetId) {
        if (!writer.mqtt5()) {
            return true;
        }
        inboundUnacknowledged.add(packetId);
        return inboundUnacknowledged.size() <= edge.receiveMaximum();
    }

    /** PUBACK, PUBCOMP or a refusing PUBREC went to the client for this packet id. */
    void inboundPublishFinished(int packetId) {
        inboundUnacknowledged.remove(packetId);
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flushNow() {
        flushScheduled = false;
        if (channel != null) {
            channel.flush();
        }
    }

    // --- ClientConnection ------------------------------------------------------------------------

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public CompletableFuture<Void> sendPublish(OutgoingPublish outgoing, boolean needWriteConfirmation) {
        edge.publicationsSent().increment();
        MqttPublishMessage publish = writer.publish(outgoing, topicAliases.outbound(outgoing.topic()));
        if (!needWriteConfirmation) {
            write(publish);
            return null;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        ChannelPromise promise = channel.newPromise();
        promise.addListener(f -> {
            if (f.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(f.cause());
            }
        });
        channel.write(publish, promise);
        scheduleFlush();
        return written;
    }

    @Override
    public void sendPubrel(int packetId) {
        writeAck(MqttMessageType.PUBREL, packetId);
    }

    @Override
    public int receiveMaximum() {
        return connectProperties.receiveMaximum();
    }

    @Override
    public boolean tooLargeToSend(OutgoingPublish publish) {
        long limit = connectProperties.maximumPacketSize();
        if (limit == 0 || PacketWriter.publishSize(publish) <= limit) {
            return false;
        }
        edge.publicationsTooLarge().increment();
        BridgeLog.publicationTooLargeForClient(clientId, remoteAddress, publish.topic(), publish.payload().length,
                limit);
        return true;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return channel.eventLoop().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void closeTooSlow(int queued, Duration behindFor) {
        disconnectReason(DisconnectReason.TOO_SLOW);
        Disconnector.close(this, MqttReasonCodes.Disconnect.QUOTA_EXCEEDED, "too far behind",
                () -> BridgeLog.clientTooSlow(clientId, remoteAddress, queued, behindFor));
    }

    @Override
    public boolean writable() {
        return channel.isWritable() && !closing;
    }

    @Override
    public ConnectionInfo info() {
        ConnectionInfo known = info;
        return known != null ? known : new ConnectionInfo(remoteAddress, listener.name(), 0, 0, null, null);
    }

    @Override
    public void trace(Duration duration) {
        channel.eventLoop().execute(() -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (closing || pipeline.get(PacketTraceHandler.NAME) != null) {
                return;
            }
            pipeline.addBefore(NAME, PacketTraceHandler.NAME, new PacketTraceHandler(clientId));
            BridgeLog.traceStarted(clientId, remoteAddress, duration);
            channel.eventLoop().schedule(() -> {
                if (pipeline.get(PacketTraceHandler.NAME) != null) {
                    pipeline.remove(PacketTraceHandler.NAME);
                    BridgeLog.traceEnded(clientId);
                }
            }, duration.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void disconnectByOperator(boolean publishWill) {
        channel.eventLoop().execute(() -> {
            if (!publishWill) {
                markCleanDisconnect();
            }
            disconnectReason(DisconnectReason.OPERATOR);
            Disconnector.close(this, MqttReasonCodes.Disconnect.ADMINISTRATIVE_ACTION, "disconnected by an operator",
                    () -> BridgeLog.disconnectedByOperator(clientId, remoteAddress, publishWill));
        });
    }

    @Override
    public void takeOver(String newRemoteAddress) {
        channel.eventLoop().execute(() -> {
            disconnectReason(DisconnectReason.TAKEN_OVER);
            Disconnector.close(this, MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER, null,
                    () -> BridgeLog.takenOver(clientId, remoteAddress, newRemoteAddress));
        });
    }

    @Override
    public void dropForBackendLoss() {
        channel.eventLoop().execute(() -> Disconnector.backendLost(this));
    }

    @Override
    public Activity activity() {
        TrafficMeter.PacketMeter meter = channel.pipeline().get(TrafficMeter.PacketMeter.class);
        return meter == null ? new Activity(null, null) : new Activity(instant(meter.lastIn()), instant(meter.lastOut()));
    }

    private static java.time.Instant instant(long epochMillis) {
        return epochMillis == 0 ? null : java.time.Instant.ofEpochMilli(epochMillis);
    }
}
