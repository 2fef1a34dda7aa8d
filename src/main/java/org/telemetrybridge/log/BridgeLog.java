package org.telemetrybridge.log;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

    /** An MQTT listener is bound; says what it lets in, so an open quick-start listener is never a surprise. */
    public static void mqttListenerStarted(String name, String transport, String address, String admits) {
        LOG.info("TBR0133I MQTT ({}) listener bound to {}: listener '{}', {}", transport, address, name, admits);
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
        if (inFull("TBR0010W", clientOr(clientId, remote))) {
            LOG.warn("TBR0010W Client identifier '{}' from {} rejected (CONNACK identifier rejected): {}",
                    clientId, remote, reason);
        }
    }

    public static void clientIdNotAddressable(String clientId, String remote, String reason) {
        if (inFull("TBR0011W", clientId)) {
            LOG.warn("TBR0011W Client identifier '{}' from {} accepted under rule 'mqtt' but is not a valid queue manager"
                    + " name ({}): MQ applications cannot send to it through SYSTEM.MQTT.TRANSMIT.QUEUE", clientId, remote,
                    reason);
        }
    }

    public static void unsupportedProtocol(String remote, String detail) {
        if (inFull("TBR0012W", remote)) {
            LOG.warn("TBR0012W Connection from {} refused (CONNACK unacceptable protocol version): {}", remote, detail);
        }
    }

    public static void firstPacketNotConnect(String remote, String packetType) {
        if (inFull("TBR0013W", remote)) {
            LOG.warn("TBR0013W Connection from {} closed: the first packet was {}, not CONNECT", remote, packetType);
        }
    }

    public static void secondConnect(String clientId, String remote) {
        if (inFull("TBR0014W", clientId)) {
            LOG.warn("TBR0014W Client '{}' from {} sent a second CONNECT on the same connection; connection closed",
                    clientId, remote);
        }
    }

    public static void connectTimeout(String remote, long seconds) {
        if (inFull("TBR0015W", remote)) {
            LOG.warn("TBR0015W Connection from {} closed: no CONNECT within {} s", remote, seconds);
        }
    }

    public static void takenOver(String clientId, String oldRemote, String newRemote) {
        if (inFull("TBR0016I", clientId)) {
            LOG.info("TBR0016I Client '{}' at {} disconnected: the same client identifier connected from {}",
                    clientId, oldRemote, newRemote);
        }
    }

    public static void serverUnavailable(String clientId, String remote, String backend) {
        if (inFull("TBR0017E", clientId)) {
            LOG.error("TBR0017E Client '{}' from {} refused (CONNACK server unavailable): backend {} is not reachable",
                    clientId, remote, backend);
        }
    }

    public static void connectFailed(String clientId, String remote, Throwable cause) {
        if (inFull("TBR0018E", clientId)) {
            LOG.error("TBR0018E Client '{}' from {} refused (CONNACK server unavailable): its session could not be set up"
                    + " in the backend: {}", clientId, remote, cause.toString());
        }
    }

    public static void connectFlagsInvalid(String clientId, String remote, String rule) {
        if (inFull("TBR0019W", clientOr(clientId, remote))) {
            LOG.warn("TBR0019W Client '{}' from {} closed: its CONNECT flags break a rule of MQTT: {}", clientId, remote,
                    rule);
        }
    }

    // --- connection life: TBR002x ----------------------------------------------------------------

    public static void keepAliveExpired(String clientId, String remote, int keepAliveSeconds) {
        if (inFull("TBR0020W", clientId)) {
            LOG.warn("TBR0020W Client '{}' at {} disconnected: nothing received for 1.5 x its keep-alive of {} s",
                    clientId, remote, keepAliveSeconds);
        }
    }

    public static void connectionLost(String clientId, String remote, boolean willPublished) {
        if (inFull("TBR0021I", clientId)) {
            LOG.info("TBR0021I Client '{}' at {} lost its connection without DISCONNECT{}", clientId, remote,
                    willPublished ? "; its will message was published" : "");
        }
    }

    public static void malformedPacket(String clientId, String remote, String reason) {
        if (inFull("TBR0022W", clientOr(clientId, remote))) {
            LOG.warn("TBR0022W Client '{}' at {} sent a malformed packet; connection closed: {}", clientId, remote,
                    reason);
        }
    }

    public static void packetTooLarge(String clientId, String remote, String detail) {
        if (inFull("TBR0023W", clientOr(clientId, remote))) {
            LOG.warn("TBR0023W Client '{}' at {} sent a packet larger than the maximum (bridge.mqtt.max-packet-size);"
                    + " connection closed before reading it: {}", clientId, remote, detail);
        }
    }

    public static void protocolViolation(String clientId, String remote, String reason) {
        if (inFull("TBR0024W", clientOr(clientId, remote))) {
            LOG.warn("TBR0024W Client '{}' at {} broke the MQTT protocol; connection closed: {}", clientId, remote,
                    reason);
        }
    }

    public static void connectionError(String clientId, String remote, Throwable cause) {
        if (inFull("TBR0025W", clientOr(clientId, remote))) {
            LOG.warn("TBR0025W Connection of client '{}' at {} failed: {}", clientId, remote, cause.toString());
        }
    }

    // --- publish / subscribe: TBR003x ------------------------------------------------------------

    public static void invalidTopicName(String clientId, String remote, String topic, String reason) {
        if (inFull("TBR0030W", clientId)) {
            LOG.warn("TBR0030W Client '{}' at {} published to an invalid topic name '{}' ({}); connection closed",
                    clientId, remote, topic, reason);
        }
    }

    public static void invalidTopicFilter(String clientId, String remote, String filter, String reason) {
        if (inFull("TBR0031W", clientId)) {
            LOG.warn("TBR0031W Client '{}' at {} subscribed with an invalid topic filter '{}' ({}); SUBACK 0x80",
                    clientId, remote, filter, reason);
        }
    }

    public static void publishFailed(String clientId, String remote, String topic, Throwable cause) {
        if (inFull("TBR0032E", clientId)) {
            LOG.error("TBR0032E Publication of client '{}' at {} on topic '{}' was not accepted by the backend;"
                    + " connection closed so the client sends it again: {}", clientId, remote, topic, cause.toString());
        }
    }

    public static void subscribeFailed(String clientId, String remote, String filter, Throwable cause) {
        if (inFull("TBR0033E", clientId)) {
            LOG.error("TBR0033E Subscription of client '{}' at {} to '{}' could not be made in the backend; SUBACK 0x80: {}",
                    clientId, remote, filter, cause.toString());
        }
    }

    public static void retainedReadFailed(String clientId, String remote, String filter, Throwable cause) {
        if (inFull("TBR0046W", clientId)) {
            LOG.warn("TBR0046W The retained publications matching the new subscription of client '{}' at {} to '{}' could"
                    + " not be read from the backend and were not sent; the subscription stands: {}",
                    clientId, remote, filter, cause.toString());
        }
    }

    public static void outboundQueueFull(String clientId, int limit, String topic) {
        if (inFull("TBR0034W", clientId)) {
            LOG.warn("TBR0034W Client '{}' has {} messages queued (bridge.session.max-queued-messages); a message on topic"
                    + " '{}' for it was dropped", clientId, limit, topic);
        }
    }

    public static void clientTooSlow(String clientId, String remote, int queued, java.time.Duration behindFor) {
        if (inFull("TBR0039W", clientId)) {
            LOG.warn("TBR0039W Client '{}' at {} disconnected: it stayed {} messages behind for {} s"
                    + " (bridge.session.slow-client-timeout) and held up the others of its subscriptions", clientId, remote,
                    queued, behindFor.toSeconds());
        }
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
        if (inFull("TBR0038W", clientId)) {
            LOG.warn("TBR0038W Client '{}' sent {} for packet id {} which is not in flight; ignored", clientId,
                    packetType, packetId);
        }
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
            default -> dayOneCheckFailed(id, queueManager, problem, mqsc);
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

    // --- authentication and authorization: TBR009x ----------------------------------------------

    public static void authenticationRefused(String clientId, String remote, String refusal, String reason) {
        if (inFull("TBR0090W", clientOr(clientId, remote))) {
            LOG.warn("TBR0090W Client '{}' from {} refused at authentication ({}): {}", clientId, remote,
                    refusal.equals("BAD_CREDENTIALS") ? "CONNACK bad user name or password" : "CONNACK not authorized",
                    reason);
        }
    }

    public static void publishDenied(String clientId, String remote, String topic) {
        if (inFull("TBR0091W", clientOr(clientId, remote))) {
            LOG.warn("TBR0091W Client '{}' at {} may not publish to '{}': acknowledged and dropped, not forwarded",
                    clientId, remote, topic);
        }
    }

    public static void subscribeDenied(String clientId, String remote, String filter) {
        if (inFull("TBR0092W", clientOr(clientId, remote))) {
            LOG.warn("TBR0092W Client '{}' at {} may not subscribe to '{}': SUBACK 0x80", clientId, remote, filter);
        }
    }

    // --- protocol rules and connection limits: TBR010x-011x ------------------------------------------

    public static void connectionLimitReached(String listener, String remote, int maxConnections) {
        if (inFull("TBR0100W", remote)) {
            LOG.warn("TBR0100W Connection from {} closed on arrival: {} connections are open, the maximum"
                    + " of listener {} (bridge.mqtt.max-connections, bridge.listeners.{}.max-connections)",
                    remote, maxConnections, listener, listener);
        }
    }

    public static void partialPacketsOverBudget(String clientId, String remote, String detail) {
        if (inFull("TBR0101W", clientOr(clientId, remote))) {
            LOG.warn("TBR0101W Client '{}' at {} closed: the packets still arriving on all connections would hold more"
                    + " memory than bridge.mqtt.max-partial-packet-memory allows: {}", clientId, remote, detail);
        }
    }

    public static void packetArrivalTimeout(String clientId, String remote, String detail) {
        if (inFull("TBR0102W", clientOr(clientId, remote))) {
            LOG.warn("TBR0102W Client '{}' at {} closed: a packet did not arrive whole within"
                    + " bridge.mqtt.packet-arrival-timeout: {}", clientId, remote, detail);
        }
    }

    /** Events of one message id logged in full per interval by default; the rest are summed up. */
    public static final int REPEATS_IN_FULL = 10;
    static final long REPEAT_INTERVAL_SECONDS = 10;
    private static volatile RepeatLimiter repeats = new RepeatLimiter(REPEATS_IN_FULL);

    /** How many events of one message id are logged one by one per interval (bridge.log.repeats-in-full). */
    public static void limitRepeats(int inFull) {
        repeats = new RepeatLimiter(inFull);
    }

    static {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bridge-log-repeats");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleAtFixedRate(BridgeLog::summariseRepeats, REPEAT_INTERVAL_SECONDS, REPEAT_INTERVAL_SECONDS,
                TimeUnit.SECONDS);
    }

    /** Logs one line per message id that had more events in the interval than were logged in full. */
    static void summariseRepeats() {
        for (RepeatLimiter.Summary summary : repeats.sweep()) {
            String id = summary.id();
            String clients = String.join(", ", summary.firstClients());
            switch (id.charAt(id.length() - 1)) {
                case 'E' -> LOG.error("TBR0112E {} more {} events in the last {} s were not logged one by one; first"
                        + " clients: {}", summary.notLogged(), id, REPEAT_INTERVAL_SECONDS, clients);
                case 'W' -> LOG.warn("TBR0111W {} more {} events in the last {} s were not logged one by one; first"
                        + " clients: {}", summary.notLogged(), id, REPEAT_INTERVAL_SECONDS, clients);
                default -> LOG.info("TBR0110I {} more {} events in the last {} s were not logged one by one; first"
                        + " clients: {}", summary.notLogged(), id, REPEAT_INTERVAL_SECONDS, clients);
            }
        }
    }

    private static boolean inFull(String id, String client) {
        return repeats.admit(id, client);
    }

    /** Names the client in a summary: its id, or its address before it has one. */
    private static String clientOr(String clientId, String remote) {
        return clientId == null || clientId.isEmpty() || "(none)".equals(clientId) ? remote : clientId;
    }

    // --- topic limits, broker internals and start-up recovery: TBR012x-013x -----------------------

    /** At most this much of a topic goes into a log line: the point is which client and which rule. */
    private static final int LOGGED_TOPIC_CHARS = 120;

    private static String abbreviated(String topic) {
        if (topic == null || topic.length() <= LOGGED_TOPIC_CHARS) {
            return topic;
        }
        return topic.substring(0, LOGGED_TOPIC_CHARS) + "... (" + topic.length() + " characters)";
    }

    public static void topicNameBeyondLimits(String clientId, String remote, String topic, String reason) {
        if (inFull("TBR0120W", clientOr(clientId, remote))) {
            LOG.warn("TBR0120W Client '{}' at {} sent topic name '{}' beyond the bridge's limits ({}); connection closed",
                    clientId, remote, abbreviated(topic), reason);
        }
    }

    public static void topicFilterBeyondLimits(String clientId, String remote, String filter, String reason) {
        if (inFull("TBR0121W", clientOr(clientId, remote))) {
            LOG.warn("TBR0121W Client '{}' at {} subscribed with topic filter '{}' beyond the bridge's limits ({});"
                    + " SUBACK 0x80", clientId, remote, abbreviated(filter), reason);
        }
    }

    public static void unsubscribeBeyondLimits(String clientId, String remote, String filter, String reason) {
        if (inFull("TBR0122I", clientOr(clientId, remote))) {
            LOG.info("TBR0122I Client '{}' at {} unsubscribed from topic filter '{}' beyond the bridge's limits ({});"
                    + " it cannot have been subscribed, nothing removed", clientId, remote, abbreviated(filter), reason);
        }
    }

    public static void reservedTopicName(String clientId, String remote, String topic, String reason) {
        if (inFull("TBR0123W", clientOr(clientId, remote))) {
            LOG.warn("TBR0123W Client '{}' at {} sent topic name '{}', which is not in the MQTT topic space ({});"
                    + " connection closed", clientId, remote, abbreviated(topic), reason);
        }
    }

    public static void reservedTopicFilter(String clientId, String remote, String filter, String reason) {
        if (inFull("TBR0124W", clientOr(clientId, remote))) {
            LOG.warn("TBR0124W Client '{}' at {} subscribed with topic filter '{}', which is not in the MQTT topic space"
                    + " ({}); SUBACK 0x80", clientId, remote, abbreviated(filter), reason);
        }
    }

    public static void jmsPortUnavailable(String address) {
        LOG.error("TBR0125E The embedded broker's JMS acceptor could not bind {} (bridge.embedded.jms-port):"
                + " the port is taken or the address is not this host's; the bridge does not start", address);
    }

    public static void httpPortUnavailable(int port) {
        LOG.error("TBR0126E The HTTP port {} (server.port: health, metrics, admin) is taken; the bridge does not start",
                port);
    }

    public static void bindingSetAside(String kind, String name, String reason, String where) {
        LOG.warn("TBR0127W The embedded broker's journal held {} '{}', which it cannot load ({}); set aside to {},"
                + " the broker starts with the rest", kind, abbreviated(name), reason, where);
    }

    public static void bindingsNotScreened(String directory, Throwable cause) {
        LOG.warn("TBR0128W The bindings journal in {} could not be read before the broker starts: {}; the broker"
                + " reads it itself", directory, cause.toString());
    }

    public static void embeddedBrokerNotActive(String dataDir) {
        LOG.error("TBR0129E The embedded broker did not become active (journal in {}); its AMQ messages above say"
                + " why; the bridge does not start", dataDir);
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

    // --- HTTP side, JMS acceptor credentials, IBM MQ TLS: TBR0170-TBR0189 ---------------------------

    public static void httpLoopbackGuest(String guest) {
        LOG.info("TBR0170I HTTP side (actuator, metrics, admin): no user set (bridge.http.admin-user,"
                + " bridge.http.prometheus-user): requests from loopback are let in without credentials as user"
                + " '{}'; from any other address only the health probes answer, without details", guest);
    }

    public static void httpSecured(String adminUser, String prometheusUser) {
        LOG.info("TBR0171I HTTP side (actuator, metrics, admin): credentials required beyond the health probes,"
                + " from every address; admin user '{}', Prometheus user '{}'", adminUser, prometheusUser);
    }

    public static void httpLoginFailed(String user, String remote) {
        if (inFull("TBR0172W", remote)) {
            LOG.warn("TBR0172W HTTP request from {} refused (401): wrong user name or password for user '{}'", remote,
                    user);
        }
    }

    public static void jmsAcceptorSecured(String user, String passwordSource) {
        LOG.info("TBR0173I The embedded broker's JMS acceptor takes user '{}' (password in {}); anonymous JMS"
                + " connections are refused", user, passwordSource);
    }

    public static void jmsCredentialsGenerated(String user, String file) {
        LOG.info("TBR0174I Generated a password for JMS user '{}' of the embedded broker and kept it in {}"
                + " (readable by its owner only); give it to local JMS applications", user, file);
    }

    public static void jmsCredentialsFileOpen(String file) {
        LOG.warn("TBR0175W The JMS credentials file {} can be read by other users of this host; restrict it to"
                + " its owner (chmod 600)", file);
    }
    // --- MQTT listeners (issue 13) ---------------------------------------------------------------

    public static void listenerAdmitsNoOne(String listener) {
        LOG.warn("TBR0130W MQTT listener '{}' refuses anonymous clients, and no users are configured"
                + " (bridge.security.password-file, bridge.security.jaas-config) nor client certificates taken as"
                + " user names: no client can connect to it", listener);
    }

    public static void tlsBundleReloaded(String listener, String bundle) {
        LOG.info("TBR0131I MQTT listener '{}': SSL bundle '{}' changed on disk and is in use for new connections",
                listener, bundle);
    }

    public static void tlsBundleReloadFailed(String listener, String bundle, Throwable cause) {
        LOG.error("TBR0132E MQTT listener '{}': SSL bundle '{}' changed on disk but cannot be used ({}); new"
                + " connections keep the previous key and certificate", listener, bundle, cause.toString());
    }
    // --- IBM MQ day-one fixes (issue 14): dead letters and reports ---------------------------------

    public static void noDeadLetterQueue(String clientId, String topic, int mqReason, String reason) {
        if (inFull("TBR0220W", clientId == null ? "(none)" : clientId)) {
            LOG.warn("TBR0220W Message for client '{}' on topic '{}' cannot be delivered (reason {}: {}) and the"
                    + " queue manager has no dead-letter queue (DEADQ), or it is not known yet: the message stays"
                    + " where it is and the bridge tries again later", clientId, topic, mqReason, reason);
        }
    }

    public static void discardedAtSendersRequest(String clientId, String topic, int mqReason, String reason) {
        if (inFull("TBR0221I", clientId == null ? "(none)" : clientId)) {
            LOG.info("TBR0221I Message for client '{}' on topic '{}' cannot be delivered (reason {}: {}) and was"
                    + " discarded, as its sender asked (report option MQRO_DISCARD_MSG)", clientId, topic, mqReason,
                    reason);
        }
    }

    public static void exceptionReportSent(String clientId, String topic, int mqReason, String replyTo) {
        if (inFull("TBR0222I", clientId == null ? "(none)" : clientId)) {
            LOG.info("TBR0222I Exception report (feedback {}) for the undeliverable message for client '{}' on"
                    + " topic '{}' sent to {}, as its sender asked (report option MQRO_EXCEPTION*)", mqReason,
                    clientId, topic, replyTo);
        }
    }

    /** The day-one checks of a real queue manager (issue 14): see {@code DayOneChecks}. */
    private static void dayOneCheckFailed(String id, String queueManager, String problem, String mqsc) {
        switch (id) {
            case "TBR0223E" -> LOG.error("TBR0223E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0224W" -> LOG.warn("TBR0224W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0225W" -> LOG.warn("TBR0225W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0226E" -> LOG.error("TBR0226E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0227E" -> LOG.error("TBR0227E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0228E" -> LOG.error("TBR0228E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0229W" -> LOG.warn("TBR0229W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0230W" -> LOG.warn("TBR0230W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            default -> mqTelemetryCheckFailed(id, queueManager, problem, mqsc);
        }
    }

    public static void legacyHeldQueueDrained(int count, String legacyQueue, String heldQueue) {
        LOG.info("TBR0231I {} held messages moved from {} (the held queue's name before version 14) to {}; the old"
                + " queue is empty and can be deleted", count, legacyQueue, heldQueue);
    }

    // --- MQTT over WebSockets (issue 13): TBR0210-0219 --------------------------------------------

    public static void webSocketUpgradeRefused(String listener, String remote, int status, String reason) {
        if (inFull("TBR0210W", remote)) {
            LOG.warn("TBR0210W WebSocket listener '{}' answered the HTTP request from {} with status {} and closed the"
                    + " connection: {}", listener, remote, status, reason);
        }
    }

    public static void webSocketTextFrame(String clientId, String remote, String kind) {
        if (inFull("TBR0211W", clientOr(clientId, remote))) {
            LOG.warn("TBR0211W Client '{}' at {} sent a WebSocket {} frame; MQTT travels in binary frames only"
                    + " [MQTT-6.0.0-1]: connection closed (close code 1003)", clientId, remote, kind);
        }
    }

    public static void webSocketFrameRefused(String clientId, String remote, String detail) {
        if (inFull("TBR0212W", clientOr(clientId, remote))) {
            LOG.warn("TBR0212W Client '{}' at {} sent a WebSocket frame the bridge refuses ({}): connection closed",
                    clientId, remote, detail);
        }
    }

    // --- settings (issue 16) ---------------------------------------------------------------------

    public static void unknownSetting(String key, String source, String suggestion) {
        LOG.error("TBR0240E Unknown setting '{}' (from {}): nothing in the bridge reads it{}", key, source,
                suggestion == null ? "" : "; did you mean '" + suggestion + "'?");
    }

    public static void journalBufferTimeoutRefused(java.time.Duration timeout) {
        LOG.error("TBR0394E bridge.embedded.journal-buffer-timeout is {}: it must be between 1us and 1s", timeout);
    }

    public static void unknownVariable(String variable) {
        LOG.warn("TBR0241W Environment variable {} looks like a bridge setting, but nothing in the bridge reads it;"
                + " check its spelling", variable);
    }

    // --- MQTT users and ACLs (security package): TBR0093-TBR0099, TBR0150-TBR0169 ------------------

    public static void securityFileLoaded(String setting, String file, String summary) {
        LOG.info("TBR0093I {} {} loaded: {}", setting, file, summary);
    }

    public static void securityFileNotReloaded(String setting, String file, String where) {
        LOG.warn("TBR0094W {} {} changed but cannot be used, {}; what was loaded before stays in force", setting, file,
                where);
    }

    public static void securityFileUnusable(String setting, String file, String where) {
        LOG.error("TBR0095E {} {} cannot be used, {}; the bridge does not start", setting, file, where);
    }

    public static void mqttSecurity(String description) {
        LOG.info("TBR0096I MQTT security: {}", description);
    }

    public static void loginsSlowedDown(String address, long nextDelayMillis) {
        if (inFull("TBR0097W", address)) {
            LOG.warn("TBR0097W Failed login from {}: its next logins wait {} ms before their password is checked",
                    address, nextDelayMillis);
        }
    }

    public static void authenticationQueueFull(String clientId, String remote) {
        if (inFull("TBR0098W", clientOr(clientId, remote))) {
            LOG.warn("TBR0098W Client '{}' from {} refused (CONNACK server unavailable): too many logins wait for a"
                    + " password check (bridge.security.max-pending-authentications)", clientId, remote);
        }
    }

    public static void jaasLoginFailed(String entry, String user, String failure) {
        if (inFull("TBR0099W", user)) {
            LOG.warn("TBR0099W The JAAS login of user '{}' (entry '{}') failed other than by a wrong password: {};"
                    + " the login is refused (CONNACK bad user name or password)", user, entry, failure);
        }
    }

    // --- take-over storms (issue 16) -------------------------------------------------------------

    public static void clientIdFlapping(String clientId, int count, java.time.Duration window, String oldRemote,
                                        String newRemote, java.time.Duration holdOff) {
        LOG.warn("TBR0242W Client identifier '{}' is flapping: taken over {} times within {} s, lately by {} from {};"
                + " two clients probably share it{}", clientId, count, window.toSeconds(), newRemote, oldRemote,
                holdOff.isZero() ? "" : "; connects that would take it over are refused for " + holdOff.toSeconds()
                        + " s (bridge.session.takeover-hold-off)");
    }

    public static void clientIdHeldOff(String clientId, String remote) {
        if (inFull("TBR0243W", clientId)) {
            LOG.warn("TBR0243W Client '{}' from {} refused (CONNACK server unavailable): the client identifier is"
                    + " flapping and held by the client connected now (bridge.session.takeover-hold-off)", clientId,
                    remote);
        }
    }

    // --- derived pseudo queue manager names (issue 16) -------------------------------------------

    public static void derivedQueueManagerName(String clientId, String remote, String name) {
        if (inFull("TBR0245I", clientId)) {
            LOG.info("TBR0245I Client '{}' from {} is not a queue manager name; MQ applications address it as"
                    + " queue manager '{}' (bridge.client-id.rule=derived)", clientId, remote, name);
        }
    }

    public static void queueManagerNameClash(String clientId, String remote, String other, String name) {
        if (inFull("TBR0244W", clientId)) {
            LOG.warn("TBR0244W Client '{}' from {} refused (CONNACK identifier rejected): its pseudo queue manager"
                    + " name '{}' is already the name of client '{}'", clientId, remote, name, other);
        }
    }

    // --- operators' actions on clients (issue 16) ------------------------------------------------

    public static void disconnectedByOperator(String clientId, String remote, boolean willPublished) {
        LOG.info("TBR0246I Client '{}' at {} disconnected by an operator ({})", clientId, remote,
                willPublished ? "its will is published" : "without its will");
    }

    // --- session expiry (issue 16) ---------------------------------------------------------------

    public static void sessionExpired(String clientId, java.time.Duration away, java.time.Duration expiry,
                                      int subscriptions) {
        LOG.info("TBR0247I Persistent session of client '{}' removed: its client has been away {} (expiry {});"
                + " {} subscription(s) removed, held messages removed as bridge.clean-up.waiting-messages says",
                clientId, away.withNanos(0), expiry, subscriptions);
    }

    public static void sessionExpiryFailed(String clientId, Throwable cause) {
        LOG.warn("TBR0248W The expired session of client '{}' could not be removed now ({}); the next sweep tries"
                + " again", clientId, cause.toString());
    }

    // --- packet trace (issue 16) -----------------------------------------------------------------

    public static void traceStarted(String clientId, String remote, java.time.Duration duration) {
        LOG.info("TBR0249I Tracing every packet of client '{}' at {} for {} s (TBR0250I lines)", clientId, remote,
                duration.toSeconds());
    }

    public static void packetTraced(String clientId, String direction, String packet) {
        LOG.info("TBR0250I {} {} {}", clientId, direction, packet);
    }

    public static void traceEnded(String clientId) {
        LOG.info("TBR0251I Trace of client '{}' ended", clientId);
    }
    // --- TLS listeners (issue 13): TBR0134-0139 ---------------------------------------------------

    public static void tlsHandshakeFailed(String listener, String remote, String reason) {
        if (inFull("TBR0134W", remote)) {
            LOG.warn("TBR0134W TLS handshake with {} on MQTT listener '{}' failed: {}; connection closed", remote,
                    listener, reason);
        }
    }

    // --- authentication step failures ------------------------------------------------------------

    public static void authenticationError(String clientId, String remote, Throwable cause) {
        if (inFull("TBR0252E", clientId)) {
            LOG.error("TBR0252E Client '{}' from {} refused (CONNACK server unavailable): the authentication step"
                    + " failed: {}", clientId, remote, cause.toString());
        }
    }

    // --- device subscriptions through the transmit queue (issue 14, txpath): TBR0300-0319 ----------

    public static void durableSubscriptionAdopted(String name, String clientId, int messages) {
        LOG.info("TBR0300I Durable subscription '{}' of an earlier version is now a device subscription of client"
                + " '{}': {} waiting message(s) moved to the transmit queue for it, the old subscription deleted",
                name, clientId, messages);
    }

    public static void deviceSubscriptionsNotMade(String clientId, Throwable cause) {
        LOG.warn("TBR0301W The subscriptions of the stored session of client '{}' could not be made in the backend"
                + " ({}); they are tried again when the backend next connects", clientId, cause.toString());
    }

    public static void subscribedClientsTakenOver(int count) {
        LOG.info("TBR0303I Took over {} persistent sessions from device subscriptions that have no stored session"
                + " (MQ Telemetry's, or a bridge's whose state was lost): their messages wait for them", count);
    }

    public static void subscribedClientsNotTakenOver(Throwable cause) {
        LOG.warn("TBR0304W The device subscriptions without a stored session could not be listed ({}); their"
                + " clients are taken over when the backend next connects", cause.toString());
    }

    public static void noDeviceSubscriptions(String backend) {
        LOG.warn("TBR0302W The backend {} has no device subscriptions: persistent sessions' subscriptions are"
                + " refused (SUBACK failure)", backend);
    }

    // --- high availability, active/standby (issue 14): TBR0340-0359 ------------------------------

    public static void haStandby(String backend, String lockQueue) {
        LOG.info("TBR0340I Standby: another bridge holds {} on backend {}; this one refuses MQTT clients (CONNACK"
                + " server unavailable), stays not ready and takes over when the lock is free", lockQueue, backend);
    }

    public static void haActive(String backend, String lockQueue) {
        LOG.info("TBR0341I Active: this bridge holds {} on backend {}; it loads the stored sessions, drains the"
                + " transmit queue and accepts MQTT clients", lockQueue, backend);
    }

    public static void haLockUnusable(String backend, String lockQueue, String reason) {
        LOG.warn("TBR0342W Standby: the lock queue {} on backend {} cannot be opened for input: {}. This bridge"
                + " serves no client until it can; retrying", lockQueue, backend, reason);
    }

    // --- MQTT 5 (issue 15): TBR0360-TBR0389 ------------------------------------------------------

    public static void authenticationMethodRefused(String clientId, String remote, String method) {
        if (inFull("TBR0360W", clientOr(clientId, remote))) {
            LOG.warn("TBR0360W Client '{}' from {} refused (CONNACK 0x8C bad authentication method): it asked for"
                    + " MQTT 5 enhanced authentication '{}', which this bridge does not offer", clientId, remote, method);
        }
    }

    public static void sharedSubscriptionRefused(String clientId, String remote, String filter, String violation) {
        if (inFull("TBR0361W", clientOr(clientId, remote))) {
            LOG.warn("TBR0361W Client '{}' at {} asked for shared subscription '{}', which is malformed: {};"
                    + " SUBACK 0x8F (MQTT 5) / 0x80 (3.1.1)", clientId, remote, filter, violation);
        }
    }

    public static void publicationTooLargeForClient(String clientId, String remote, String topic, int payloadLength,
                                                    long maximumPacketSize) {
        if (inFull("TBR0362W", clientId)) {
            LOG.warn("TBR0362W A message on '{}' with {} bytes of payload was not sent to client '{}' at {}: it is"
                    + " larger than the client's Maximum Packet Size of {} bytes", topic, payloadLength, clientId,
                    remote, maximumPacketSize);
        }
    }

    // --- backend leftovers and waiting messages of removed sessions (issue 16, ops): TBR0390-TBR0409 -----

    public static void leftoversFound(int clientIds, long heldMessages, long subscriptions, String examples,
                                      String action) {
        LOG.warn("TBR0390W {} client id(s) without a session have leftovers in the backend: {} held message(s),"
                + " {} subscription(s) (e.g. {}); {}", clientIds, heldMessages, subscriptions, examples, action);
    }

    public static void leftoversRemoved(int clientIds, long heldMessages, String how, long subscriptions) {
        LOG.info("TBR0391I Removed the leftovers of {} client id(s) without a session: {} held message(s) {},"
                + " {} subscription(s) deleted", clientIds, heldMessages, how, subscriptions);
    }

    public static void leftoverCheckFailed(Throwable cause) {
        LOG.warn("TBR0392W The check for backend leftovers failed ({}); the next sweep tries again", cause.toString());
    }

    public static void heldDiscarded(String clientId, int count, String reason) {
        LOG.info("TBR0393I Discarded {} message(s) held for client '{}': {} (bridge.clean-up.waiting-messages=discard)",
                count, clientId, reason);
    }

    // --- IBM MQ the MQ Telemetry way (issue 14: device subscriptions, take-over): TBR0320-0339 ------

    public static void deviceSubscriptionsUnavailable(String queueManager, String reason, long retryMillis) {
        LOG.error("TBR0320E No MQ connection for persistent sessions' subscriptions to {}: {}; retrying in {} s,"
                + " subscribe and unsubscribe of persistent sessions fail until then", queueManager, reason,
                Math.max(1, retryMillis / 1000));
    }

    public static void deviceSubscriptionsConnected(String queueManager) {
        LOG.info("TBR0321I MQ connection for persistent sessions' subscriptions made to {}", queueManager);
    }

    private static void mqTelemetryCheckFailed(String id, String queueManager, String problem, String mqsc) {
        switch (id) {
            case "TBR0322W" -> LOG.warn("TBR0322W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0323W" -> LOG.warn("TBR0323W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0329W" -> LOG.warn("TBR0329W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0330E" -> LOG.error("TBR0330E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0331E" -> LOG.error("TBR0331E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0332W" -> LOG.warn("TBR0332W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            default -> ibmIdentityCheckFailed(id, queueManager, problem, mqsc);
        }
    }

    // --- IBM MQ: MQTT 5 mapping, No Local, each device's own MQ identity (issues 14, 15): TBR0324-0339 ---

    public static void subscribeRefusedByBackend(String clientId, String remote, String filter, String reason) {
        if (inFull("TBR0324W", clientId)) {
            LOG.warn("TBR0324W Subscription of client '{}' at {} to '{}' was refused by the backend; SUBACK failure: {}",
                    clientId, remote, filter, reason);
        }
    }

    private static void ibmIdentityCheckFailed(String id, String queueManager, String problem, String mqsc) {
        switch (id) {
            case "TBR0325E" -> LOG.error("TBR0325E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0326W" -> LOG.warn("TBR0326W Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0327E" -> LOG.error("TBR0327E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            case "TBR0328E" -> LOG.error("TBR0328E Queue manager {}: {}. Fix with MQSC: {}", queueManager, problem, mqsc);
            default -> throw new IllegalArgumentException("not a start-up check message id: " + id);
        }
    }

    // --- MQTT 5 shared subscriptions ($share groups, issue 15): TBR0363-0369 --------------------------

    public static void shareGroupQuotaExceeded(String clientId, String remote, String filter, String reason) {
        if (inFull("TBR0363W", clientOr(clientId, remote))) {
            LOG.warn("TBR0363W Client '{}' at {} was refused shared subscription '{}': {}; SUBACK 0x80",
                    clientId, remote, filter, reason);
        }
    }

    public static void shareGroupRemoved(String name) {
        LOG.info("TBR0364I The last member of durable shared subscription '{}' in this bridge left: the"
                + " subscription and its waiting messages were deleted in the backend", name);
    }

    public static void shareGroupKept(String name, String reason) {
        LOG.warn("TBR0365W The last member of durable shared subscription '{}' in this bridge left, but the"
                + " subscription was not deleted in the backend: {}", name, reason);
    }

    // --- MQTT 5 protocol, the rest (issue 15, v5props): TBR0370-TBR0379 ------------------------------

    public static void packetIdInUse(String clientId, String remote, String packet, int packetId) {
        if (inFull("TBR0370W", clientId)) {
            LOG.warn("TBR0370W Client '{}' at {} sent {} with packet id {}, which its unfinished QoS 2 exchange"
                    + " still holds; answered with reason code 0x91 (packet identifier in use), nothing done",
                    clientId, remote, packet, packetId);
        }
    }
}
