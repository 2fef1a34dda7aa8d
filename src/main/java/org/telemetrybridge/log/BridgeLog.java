package org.telemetrybridge.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue of operator-facing log events. Every event has a stable message id whose last
 * letter is its level (I, W, E); {@code docs/messages.md} explains each with cause and fix, and a
 * test keeps the two in step. Code logs these events only through the methods here.
 */
public final class BridgeLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.telemetrybridge.TBR");

    private BridgeLog() {
    }

    // --- start-up and listeners: TBR00xx ---------------------------------------------------------

    public static void listenerStarted(String protocol, String address) {
        LOG.info("TBR0001I {} listener bound to {}", protocol, address);
    }

    public static void bridgeStarted(String backend, String mode) {
        LOG.info("TBR0002I Telemetry Bridge started with backend {} ({})", backend, mode);
    }

    public static void bridgeStopping() {
        LOG.info("TBR0003I Telemetry Bridge stopping: closing listeners and client connections");
    }

    public static void listenerFailed(String protocol, String address, Throwable cause) {
        LOG.error("TBR0004E {} listener could not bind to {}: {}", protocol, address, cause.toString());
    }

    public static void embeddedBrokerStarted(String dataDir, String jmsAddress) {
        LOG.info("TBR0005I Embedded queue manager stand-in (ActiveMQ Artemis) started, journal in {}, JMS acceptor {}",
                dataDir, jmsAddress);
    }

    public static void sessionsRestored(int count) {
        LOG.info("TBR0006I Restored {} persistent MQTT sessions from the backend", count);
    }

    // --- CONNECT: TBR001x ------------------------------------------------------------------------

    public static void clientIdRejected(String clientId, String remote, String reason) {
        LOG.error("TBR0010E Client identifier '{}' from {} rejected (CONNACK identifier rejected): {}",
                clientId, remote, reason);
    }

    public static void clientIdNotAddressable(String clientId, String remote, String reason) {
        LOG.warn("TBR0011W Client identifier '{}' from {} accepted under rule 'mqtt' but is not a valid queue manager"
                + " name ({}): MQ applications cannot send to it through SYSTEM.MQTT.TRANSMIT.QUEUE", clientId, remote,
                reason);
    }

    public static void unsupportedProtocol(String remote, String detail) {
        LOG.error("TBR0012E Connection from {} refused (CONNACK unacceptable protocol version): {}", remote, detail);
    }

    public static void firstPacketNotConnect(String remote, String packetType) {
        LOG.error("TBR0013E Connection from {} closed: the first packet was {}, not CONNECT", remote, packetType);
    }

    public static void secondConnect(String clientId, String remote) {
        LOG.error("TBR0014E Client '{}' from {} sent a second CONNECT on the same connection; connection closed",
                clientId, remote);
    }

    public static void connectTimeout(String remote, long seconds) {
        LOG.warn("TBR0015W Connection from {} closed: no CONNECT within {} s", remote, seconds);
    }

    public static void takenOver(String clientId, String oldRemote, String newRemote) {
        LOG.info("TBR0016I Client '{}' at {} disconnected: the same client identifier connected from {}",
                clientId, oldRemote, newRemote);
    }

    public static void serverUnavailable(String clientId, String remote, String backend) {
        LOG.error("TBR0017E Client '{}' from {} refused (CONNACK server unavailable): backend {} is not reachable",
                clientId, remote, backend);
    }

    public static void connectFailed(String clientId, String remote, Throwable cause) {
        LOG.error("TBR0018E Client '{}' from {} refused (CONNACK server unavailable): its session could not be set up"
                + " in the backend: {}", clientId, remote, cause.toString());
    }

    public static void badCredentialsFlags(String clientId, String remote) {
        LOG.error("TBR0019E Client '{}' from {} refused: a password was sent without a user name", clientId, remote);
    }

    // --- connection life: TBR002x ----------------------------------------------------------------

    public static void keepAliveExpired(String clientId, String remote, int keepAliveSeconds) {
        LOG.warn("TBR0020W Client '{}' at {} disconnected: nothing received for 1.5 x its keep-alive of {} s",
                clientId, remote, keepAliveSeconds);
    }

    public static void connectionLost(String clientId, String remote, boolean willPublished) {
        LOG.info("TBR0021I Client '{}' at {} lost its connection without DISCONNECT{}", clientId, remote,
                willPublished ? "; its will message was published" : "");
    }

    public static void malformedPacket(String clientId, String remote, String reason) {
        LOG.error("TBR0022E Client '{}' at {} sent a malformed packet; connection closed: {}", clientId, remote,
                reason);
    }

    public static void packetTooLarge(String clientId, String remote, int limit) {
        LOG.error("TBR0023E Client '{}' at {} sent a packet larger than the maximum of {} bytes"
                + " (bridge.mqtt.max-packet-size); connection closed", clientId, remote, limit);
    }

    public static void protocolViolation(String clientId, String remote, String reason) {
        LOG.error("TBR0024E Client '{}' at {} broke the MQTT protocol; connection closed: {}", clientId, remote,
                reason);
    }

    public static void connectionError(String clientId, String remote, Throwable cause) {
        LOG.warn("TBR0025W Connection of client '{}' at {} failed: {}", clientId, remote, cause.toString());
    }

    // --- publish / subscribe: TBR003x ------------------------------------------------------------

    public static void invalidTopicName(String clientId, String remote, String topic, String reason) {
        LOG.error("TBR0030E Client '{}' at {} published to an invalid topic name '{}' ({}); connection closed",
                clientId, remote, topic, reason);
    }

    public static void invalidTopicFilter(String clientId, String remote, String filter, String reason) {
        LOG.warn("TBR0031W Client '{}' at {} subscribed with an invalid topic filter '{}' ({}); SUBACK 0x80",
                clientId, remote, filter, reason);
    }

    public static void publishFailed(String clientId, String remote, String topic, Throwable cause) {
        LOG.error("TBR0032E Publication of client '{}' at {} on topic '{}' was not accepted by the backend;"
                + " connection closed so the client sends it again: {}", clientId, remote, topic, cause.toString());
    }

    public static void subscribeFailed(String clientId, String remote, String filter, Throwable cause) {
        LOG.error("TBR0033E Subscription of client '{}' at {} to '{}' could not be made in the backend; SUBACK 0x80: {}",
                clientId, remote, filter, cause.toString());
    }

    public static void retainedReadFailed(String clientId, String remote, String filter, Throwable cause) {
        LOG.warn("TBR0046W The retained publications matching the new subscription of client '{}' at {} to '{}' could"
                + " not be read from the backend and were not sent; the subscription stands: {}",
                clientId, remote, filter, cause.toString());
    }

    public static void outboundQueueFull(String clientId, int limit, String topic) {
        LOG.warn("TBR0034W Client '{}' has {} messages queued (bridge.session.max-queued-messages); a message on topic"
                + " '{}' for it was dropped", clientId, limit, topic);
    }

    public static void clientTooSlow(String clientId, String remote, int queued, java.time.Duration behindFor) {
        LOG.warn("TBR0039W Client '{}' at {} disconnected: it stayed {} messages behind for {} s"
                + " (bridge.session.slow-client-timeout) and held up the others of its subscriptions", clientId, remote,
                queued, behindFor.toSeconds());
    }

    public static void unsupportedMessageType(String destination, String type) {
        LOG.warn("TBR0035W A JMS {} on '{}' has no MQTT payload form and was not delivered to devices;"
                + " send a BytesMessage or TextMessage", type, destination);
    }

    public static void willFailed(String clientId, String topic, Throwable cause) {
        LOG.error("TBR0036E Will message of client '{}' on topic '{}' could not be published: {}", clientId, topic,
                cause.toString());
    }

    public static void sessionStoreFailed(String clientId, Throwable cause) {
        LOG.error("TBR0037E State of persistent session '{}' could not be stored in the backend: {}", clientId,
                cause.toString());
    }

    public static void unknownPacketId(String clientId, String packetType, int packetId) {
        LOG.warn("TBR0038W Client '{}' sent {} for packet id {} which is not in flight; ignored", clientId,
                packetType, packetId);
    }

    // --- backend: TBR005x -------------------------------------------------------------------------

    public static void backendConnected(String backend) {
        LOG.info("TBR0050I Connected to backend {}", backend);
    }

    public static void backendLost(String backend, String reason) {
        LOG.error("TBR0051E Connection to backend {} lost: {}; MQTT clients are disconnected and refused until it is"
                + " back, reconnecting", backend, reason);
    }

    public static void backendDeliveryFailed(String destination, Throwable cause) {
        LOG.error("TBR0052E A message from '{}' could not be read and is returned to the backend: {}", destination,
                cause.toString());
    }

    // --- transmit queue (point to point): TBR004x ------------------------------------------------

    public static void transmitQueueStarted(String queue, String heldQueue) {
        LOG.info("TBR0040I Delivering messages for single clients from {} (held messages: {})", queue, heldQueue);
    }

    public static void deadLettered(String clientId, String topic, String reason, int mqReason, String dlq) {
        LOG.warn("TBR0041W Message for client '{}' on topic '{}' moved to {} with reason {}: {}", clientId, topic,
                dlq, mqReason, reason);
    }

    public static void transmitExpired(String clientId, String topic, long count) {
        LOG.warn("TBR0042W Expired message for client '{}' on topic '{}' was discarded ({} expired so far)",
                clientId, topic, count);
    }

    public static void heldOpenFailed(String clientId, Throwable cause) {
        LOG.error("TBR0043E Held messages of client '{}' could not be opened; they stay held: {}", clientId,
                cause.toString());
    }

    public static void transmitFailed(String step, Throwable cause) {
        LOG.error("TBR0044E Transmit queue: {} failed; the message stays on the queue and is retried: {}", step,
                cause.toString());
    }

    public static void heldDeadLettered(String clientId, int count, String reason) {
        LOG.warn("TBR0045W {} held messages of client '{}' moved to the dead-letter queue: {}", count, clientId,
                reason);
    }

    // --- IBM MQ: TBR006x ---------------------------------------------------------------------------

    public static void backendUnreachable(String backend, String reason, long retryMillis) {
        LOG.error("TBR0060E Backend {} is not reachable: {}. MQTT clients are refused (CONNACK server unavailable)"
                + " until it is; retrying in {} s, logged again only if the reason changes", backend, reason,
                Math.max(1, Math.round(retryMillis / 1000.0)));
    }

    public static void backendReconnected(String backend, int failedAttempts) {
        LOG.info("TBR0061I Connected to backend {} again ({} failed attempts); MQTT clients are accepted again",
                backend, failedAttempts);
    }

    public static void clientsDroppedForBackendLoss(int count, String backend) {
        LOG.warn("TBR0062W {} MQTT clients disconnected because the connection to backend {} was lost; their"
                + " persistent sessions stay in the backend and resume when they reconnect", count, backend);
    }

    public static void backendListenerFailed(String backend, Throwable cause) {
        LOG.error("TBR0063E Reacting to a connection change of backend {} failed: {}", backend, cause.toString());
    }

    public static void queueManagerChecksPassed(String queueManager, int count) {
        LOG.info("TBR0064I Queue manager {} passed all {} start-up checks", queueManager, count);
    }

    public static void queueManagerCheckFailed(String id, String queueManager, String problem, String mqsc) {
        switch (id) {
            case "TBR0065E" -> LOG.error("TBR0065E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0066E" -> LOG.error("TBR0066E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0067E" -> LOG.error("TBR0067E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0068E" -> LOG.error("TBR0068E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0069E" -> LOG.error("TBR0069E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0080W" -> LOG.warn("TBR0080W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0081E" -> LOG.error("TBR0081E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0082W" -> LOG.warn("TBR0082W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            default -> throw new IllegalArgumentException("not a start-up check message id: " + id);
        }
    }

    public static void queueManagerChecksNotRun(String queueManager, String reason) {
        LOG.warn("TBR0083W Start-up checks of queue manager {} could not run: {}", queueManager, reason);
    }

    public static void durableNameHashed(String clientId, String filter, String name) {
        LOG.info("TBR0084I Durable subscription of client '{}' to a filter of {} characters is named '{}' (too long for"
                + " the ClientIdentifier:filter scheme)", clientId, filter.length(), name);
    }

    // --- MQSC scripts: TBR007x ---------------------------------------------------------------------

    public static void mqscApplied(String source, int scripts, int applied, int ignored) {
        LOG.info("TBR0070I {} MQSC scripts from {} applied to the embedded stand-in: {} commands applied, {} ignored",
                scripts, source, applied, ignored);
    }

    public static void mqscIgnored(String kind, int count, String firstLocation, String reason) {
        LOG.info("TBR0071I {} {} command(s) ignored by the embedded stand-in (first at {}): {}", count, kind,
                firstLocation, reason);
    }

    public static void mqscError(String location, String message) {
        LOG.error("TBR0072E MQSC script error at {}: {}", location, message);
    }

    public static void mqscWarning(String location, String message) {
        LOG.warn("TBR0073W MQSC script warning at {}: {}", location, message);
    }

    public static void mqscOtherTransmitQueue(String location, String queue, String transmitQueue) {
        LOG.warn("TBR0074W {} sets DEFXMITQ to '{}', but the bridge delivers to devices only what arrives on {}",
                location, queue, transmitQueue);
    }

    public static void mqscDirectoryUnreadable(String directory, String reason) {
        LOG.error("TBR0075E The MQSC scripts in {} (bridge.embedded.mqsc-dir) cannot be read: {}", directory, reason);
    }

    public static void mqscCommandFailed(String location, String command, String reason) {
        LOG.error("TBR0076E {} {} could not be applied to the embedded stand-in: {}", location, command, reason);
    }

    // --- session bounds and recovery: TBR014x-015x ------------------------------------------------

    public static void connectNotCompleted(String clientId, String remote, long seconds) {
        LOG.warn("TBR0140W Connection of client '{}' from {} closed: its CONNECT was not completed within {} s"
                + " (the backend did not finish setting up the session); nothing of the attempt is kept", clientId,
                remote, seconds);
    }

    public static void tooManyWaitingPublications(String clientId, int max, long refusedSoFar) {
        LOG.warn("TBR0141W A publication of client '{}' was refused and the client disconnected: {} publications"
                + " already wait for the backend (bridge.jms.max-waiting-publications); {} refused so far"
                + " (logged once per 1000)", clientId, max, refusedSoFar);
    }
}
