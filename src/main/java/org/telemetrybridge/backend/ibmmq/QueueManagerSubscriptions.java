package org.telemetrybridge.backend.ibmmq;

import java.io.IOException;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.ibm.mq.MQException;
import com.ibm.mq.MQQueue;
import com.ibm.mq.MQQueueManager;
import com.ibm.mq.MQTopic;
import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.MQDataException;
import com.ibm.mq.headers.pcf.PCFException;
import com.ibm.mq.headers.pcf.PCFMessage;
import com.ibm.mq.headers.pcf.PCFMessageAgent;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import org.telemetrybridge.backend.jms.TransmitMessage;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.session.port.BackendRefusedException;
import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.DeviceSubscriptions;

/**
 * Persistent sessions' subscriptions on IBM MQ, made as MQ Telemetry made them (IBM: "Configuring
 * distributed queuing to send messages to MQTT clients",
 * https://www.ibm.com/support/knowledgecenter/en/SSFKSJ_9.0.0/com.ibm.mq.adm.doc/q021280_.html): queue
 * {@value #PUBLICATION_QUEUE} is opened for output on queue manager <i>ClientIdentifier</i>, which no
 * queue manager is, so name resolution takes the default transmission queue, SYSTEM.MQTT.TRANSMIT.QUEUE
 * ({@code mqsc/10-transmit-queue.mqsc} sets DEFXMITQ); that object handle is the destination of an
 * MQSUB named {@code ClientIdentifier:TopicFilter} (IBM: "Integration of IBM MQ Telemetry with queue
 * managers", http://www-01.ibm.com/support/knowledgecenter/SSFKSJ_8.0.0/com.ibm.mq.pro.doc/q002980_.html).
 * The queue manager records DEST and DESTQMGR on the subscription, so every publication that matches
 * lands on the transmission queue with an MQXQH addressed to the client, whether or not the client is
 * connected, and the transmit-queue drain delivers it.
 *
 * <p>All of it runs on one MQ connection (MQ classes for Java), made from the same {@code ibm.mq.*}
 * settings as the JMS connection ({@link QueueManagerInquiry#connect}): the number of subscriptions
 * never adds connections. The handles are closed after each call; a durable subscription lives on
 * without them. The connection is made on first use and, once lost, again after the bridge's reconnect
 * back-off ({@code bridge.jms.reconnect-*}); meanwhile calls fail with {@link BackendUnavailableException}.
 *
 * <p>Every subscription is durable: the bridge makes these only for persistent sessions.
 */
public final class QueueManagerSubscriptions implements DeviceSubscriptions, AutoCloseable {

    /** The queue name MQ Telemetry opened on the client's queue manager; never defined, only resolved. */
    public static final String PUBLICATION_QUEUE = "SYSTEM.MQTT.PUBLICATION.QUEUE";

    /** MQ classes for Java's connection, separated so a test can count connections without a queue manager. */
    @FunctionalInterface
    interface Connector {
        MQQueueManager connect(IbmMqSettings settings) throws QueueManagerInquiry.InquiryException;
    }

    private final IbmMqSettings settings;
    private final BackOff backOff;
    private final Connector connector;

    private MQQueueManager queueManager;
    private PCFMessageAgent agent;
    private BackOffExecution retry;
    private long nextAttemptNanos;
    private boolean closed;

    public QueueManagerSubscriptions(IbmMqSettings settings, BackOff backOff) {
        this(settings, backOff, QueueManagerInquiry::connect);
    }

    QueueManagerSubscriptions(IbmMqSettings settings, BackOff backOff, Connector connector) {
        this.settings = settings;
        this.backOff = backOff;
        this.connector = connector;
    }

    /**
     * MQOPEN options for the destination: output only (the bridge never reads it; the drain reads the
     * transmission queue). Name resolution checks PUT on the transmission queue it resolves to.
     */
    static int destinationOpenOptions() {
        return CMQC.MQOO_OUTPUT | CMQC.MQOO_FAIL_IF_QUIESCING;
    }

    /**
     * MQSO options of a subscribe (IBM: "Options (MQLONG) for MQSD",
     * https://ibm.com/docs/SSFKSJ_9.3.0/refdev/q100080_.html): MQSO_CREATE + MQSO_ALTER create the
     * subscription or resume and alter an existing one (a new QoS, or one MQ Telemetry made with another
     * destination); durable; MQSO_WILDCARD_TOPIC, so {@code +} and {@code #} match whole levels as MQTT's
     * do; MQSO_FIXED_USERID (MQ's default, named so it is seen): only the bridge's own MQ user may resume
     * and alter a device's subscription, not any application allowed to subscribe, which could otherwise
     * take it over by its well-known name and point it elsewhere. MQSO_SET_CORREL_ID with SubCorrelId
     * MQCI_NONE ({@link #subscriptionProperties}): each publication keeps the CorrelId its publisher put
     * (the MQTT 5 correlation data, {@link MqmdProperties}) instead of one the queue manager generates for
     * the subscription (IBM: "SubCorrelId (MQBYTE24)", https://www.ibm.com/support/knowledgecenter/SSFKSJ_9.2.0/com.ibm.mq.ref.dev.doc/q100150_.html).
     */
    static int subscribeOptions() {
        return CMQC.MQSO_CREATE | CMQC.MQSO_ALTER | CMQC.MQSO_DURABLE | CMQC.MQSO_WILDCARD_TOPIC
                | CMQC.MQSO_FIXED_USERID | CMQC.MQSO_SET_CORREL_ID | CMQC.MQSO_FAIL_IF_QUIESCING;
    }

    /** MQSO options to reach an existing subscription to remove it: MQSO_ALTER fails with 2428 if there is none. */
    static int removeOptions() {
        return CMQC.MQSO_ALTER | CMQC.MQSO_DURABLE | CMQC.MQSO_WILDCARD_TOPIC | CMQC.MQSO_FAIL_IF_QUIESCING;
    }

    /**
     * The MQSD fields MQ classes for Java take as properties: the QoS and filter as SubUserData, SubCorrelId
     * MQCI_NONE.
     */
    static Hashtable<String, Object> subscriptionProperties(int qos, String filter) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(CMQC.MQSUB_PROP_SUBSCRIPTION_USER_DATA, SubscriptionUserData.of(qos, filter));
        properties.put(CMQC.MQSUB_PROP_SUBSCRIPTION_CORRELATION_ID, CMQC.MQCI_NONE.clone());
        return properties;
    }

    @Override
    public synchronized void subscribe(String clientId, String queueManagerName, String filter, int qos) {
        subscribe(clientId, queueManagerName, filter, qos, false);
    }

    /**
     * With No Local, the subscription is made by PCF Create Subscription with a selector that leaves out
     * the client's own publications ({@link #noLocalSelector}); MQ classes for Java's MQSUB cannot carry an
     * MQSD SelectionString. MQ cannot alter a selector (2524 MQRC_SELECTOR_NOT_ALTERABLE; ALTER SUB cannot
     * change SELECTOR), so a change of No Local deletes the subscription and makes it again: publications
     * matching it in between are not put for the client (the same as MQTT's replace on a broker that
     * rebuilds the subscription). The subscription's current selector is read first ({@link #plan}).
     */
    @Override
    public synchronized void subscribe(String clientId, String queueManagerName, String filter, int qos,
                                       boolean noLocal) {
        subscribe(clientId, null, queueManagerName, filter, qos, noLocal);
    }

    /**
     * Under {@code ibm.mq.device-identity=user|client-id} the subscription is made as the device's MQ user
     * (MQSO_ALTERNATE_USER_AUTHORITY with that AlternateUserId, or SubscriptionUser by PCF): the queue manager
     * checks that user's SUB authority on the topic, records it as the subscription's owner (SUBUSER), and puts
     * each publication with its authority, as MQ Telemetry's subscriptions under USECLTID or the MQTT user name
     * did. Its MQRC 2035 is the device's refusal ({@link BackendRefusedException}).
     */
    @Override
    public synchronized void subscribe(String clientId, String user, String queueManagerName, String filter, int qos,
                                       boolean noLocal) {
        String alternate;
        try {
            alternate = settings.deviceIdentity().alternateUser(clientId, user);
        } catch (IllegalArgumentException e) {
            throw new BackendRefusedException(e.getMessage(), e);
        }
        String name = name(clientId, filter);
        String wanted = noLocal ? noLocalSelector(clientId, settings.publicationForm()) : null;
        String existing;
        try {
            existing = existingSelector(name);
        } catch (BackendUnavailableException e) {
            if (noLocal || !(e.getCause() instanceof PCFException)) {
                throw e;
            }
            existing = null; // PCF refused: MQSUB as before; a No Local one left from earlier then answers 2524
        }
        Plan plan = plan(existing, wanted);
        if (plan.deleteFirst()) {
            command(PcfRequests.deleteSubscription(name), "replacing the subscription '" + name + "'", null);
        }
        switch (plan.make()) {
            case MQSUB -> subscribeByMqsub(clientId, queueManagerName, filter, qos, alternate, false);
            case CREATE -> command(PcfRequests.createDeviceSubscription(name, filter, queueManagerName,
                    SubscriptionUserData.of(qos, filter), wanted, alternate),
                    "subscribing '" + clientId + "' to '" + filter + "'", alternate);
            case CHANGE_QOS -> command(PcfRequests.changeSubscriptionUserData(name, SubscriptionUserData.of(qos, filter)),
                    "changing the QoS of '" + name + "'", alternate);
        }
    }

    /** MQSO options of a subscribe made as the device's MQ user ({@code alternate}), or as the bridge's (null). */
    static int subscribeOptions(String alternate) {
        return alternate == null ? subscribeOptions() : subscribeOptions() | CMQC.MQSO_ALTERNATE_USER_AUTHORITY;
    }

    /** MQRC 2035 for the device's own MQ user is the device's refusal; anything else the backend's failure. */
    private static boolean refusedForDevice(int reason, String alternate) {
        return alternate != null && reason == CMQC.MQRC_NOT_AUTHORIZED;
    }

    /** How a subscribe reaches the subscription it asks for. */
    enum Make { MQSUB, CREATE, CHANGE_QOS }

    record Plan(boolean deleteFirst, Make make) {
    }

    /**
     * @param existing the subscription's selector now: null if there is no subscription, blank if it has none
     * @param wanted   the selector No Local needs, or null without No Local
     */
    static Plan plan(String existing, String wanted) {
        boolean exists = existing != null;
        boolean hasSelector = exists && !existing.isBlank();
        if (wanted == null) {
            return new Plan(hasSelector, Make.MQSUB); // MQSUB creates, or resumes and alters, one without
        }
        if (hasSelector && existing.equals(wanted)) {
            return new Plan(false, Make.CHANGE_QOS);
        }
        return new Plan(exists, Make.CREATE);
    }

    /**
     * The selector of a No Local subscription: every publication but those the client published itself, by
     * the client id the bridge puts on each of them in its publication form ({@code mqtt_clientid} in the
     * {@code usr} folder, or {@code mqtt.clientId} in MQ Telemetry's {@code mqtt} folder). A message an MQ
     * application published has no such property and passes (IS NULL). IBM: "Message selector syntax", a
     * string literal in single quotes, a quote inside doubled.
     */
    static String noLocalSelector(String clientId, PublicationForm form) {
        String property = form == PublicationForm.MQ_TELEMETRY
                ? MqTelemetryPublication.FOLDER + "." + MqTelemetryPublication.CLIENT_ID
                : org.telemetrybridge.backend.jms.MessageMapping.CLIENT_ID;
        return property + " IS NULL OR " + property + " <> '" + clientId.replace("'", "''") + "'";
    }

    /** The selector of the subscription of that name: null if there is none, "" if it has none. */
    private String existingSelector(String name) {
        for (PCFMessage subscription : inquire(PcfRequests.inquireDeviceSubscriptions(name))) {
            if (name.equals(string(subscription, CMQCFC.MQCACF_SUB_NAME))) {
                return string(subscription, CMQCFC.MQCACF_SUB_SELECTOR);
            }
        }
        return null;
    }

    /** A PCF command that changes a subscription (for the device's MQ user {@code alternate}, or null); its failure is the subscribe's. */
    private void command(PCFMessage request, String what, String alternate) {
        connected();
        try {
            agent.send(request);
        } catch (PCFException e) {
            if (refusedForDevice(e.getReason(), alternate)) {
                throw new BackendRefusedException(what + " as MQ user '" + alternate + "': " + MqReason.describe(e), e);
            }
            throw new BackendUnavailableException(what + " failed: " + MqReason.describe(e), e);
        } catch (MQDataException | IOException e) {
            drop();
            throw new BackendUnavailableException(what + " failed: " + MqReason.describe(e), e);
        }
    }

    private void subscribeByMqsub(String clientId, String queueManagerName, String filter, int qos, String alternate,
                                  boolean retried) {
        MQQueueManager connection = connected();
        try {
            MQQueue destination = connection.accessQueue(PUBLICATION_QUEUE, destinationOpenOptions(),
                    queueManagerName, null, null);
            try {
                MQTopic subscription = connection.accessTopic(destination, filter, null, subscribeOptions(alternate),
                        alternate, name(clientId, filter), subscriptionProperties(qos, filter));
                subscription.close(); // the durable subscription stays; only the handle goes
            } finally {
                destination.close();
            }
        } catch (MQException e) {
            if (refusedForDevice(e.getReason(), alternate)) {
                throw new BackendRefusedException("subscribing as MQ user '" + alternate + "': " + MqReason.describe(e), e);
            }
            if (e.getReason() == CMQC.MQRC_IDENTITY_MISMATCH && alternate != null && !retried) {
                // Made under another user (the bridge's, before ibm.mq.device-identity changed): made again as the device's.
                command(PcfRequests.deleteSubscription(name(clientId, filter)), "replacing '" + clientId + ":" + filter
                        + "' made under another MQ user", null);
                subscribeByMqsub(clientId, queueManagerName, filter, qos, alternate, true);
                return;
            }
            throw failed("subscribing '" + clientId + "' to '" + filter + "'", e);
        }
    }

    @Override
    public synchronized boolean unsubscribe(String clientId, String filter) {
        MQQueueManager connection = connected();
        try {
            // The same destination as the subscribe's: MQSUB resumes a subscription only with an equivalent one.
            MQQueue destination = connection.accessQueue(PUBLICATION_QUEUE, destinationOpenOptions(),
                    ClientIdRule.pseudoQueueManagerName(clientId), null, null);
            try {
                MQTopic subscription = connection.accessTopic(destination, filter, null, removeOptions(), null,
                        name(clientId, filter));
                subscription.setCloseOptions(CMQC.MQCO_REMOVE_SUB);
                subscription.close();
                return true;
            } finally {
                destination.close();
            }
        } catch (MQException e) {
            if (e.getReason() == CMQC.MQRC_NO_SUBSCRIPTION) {
                return false;
            }
            if (e.getReason() == CMQC.MQRC_SELECTOR_NOT_ALTERABLE || e.getReason() == CMQC.MQRC_IDENTITY_MISMATCH) {
                // A No Local subscription, which MQSUB cannot reach without its selector, or one a device's own
                // MQ user owns (ibm.mq.device-identity): delete it by name.
                command(PcfRequests.deleteSubscription(name(clientId, filter)),
                        "unsubscribing '" + clientId + "' from '" + filter + "'", null);
                return true;
            }
            throw failed("unsubscribing '" + clientId + "' from '" + filter + "'", e);
        }
    }

    @Override
    public synchronized Map<String, Integer> of(String clientId) {
        Map<String, Integer> filters = new LinkedHashMap<>();
        for (PCFMessage subscription : inquire(PcfRequests.inquireDeviceSubscriptions(clientId + ":*"))) {
            if (isDeviceSubscription(subscription) && clientId.equals(clientIdOf(subscription))) {
                filters.put(string(subscription, CMQC.MQCA_TOPIC_STRING), qosOf(subscription));
            }
        }
        return filters;
    }

    @Override
    public synchronized Set<String> clientIds() {
        Set<String> clients = new TreeSet<>();
        for (PCFMessage subscription : inquire(PcfRequests.inquireDeviceSubscriptions("*"))) {
            if (isDeviceSubscription(subscription)) {
                clients.add(clientIdOf(subscription));
            }
        }
        return clients;
    }

    /**
     * The subscription's QoS from its user data; a subscription without the bridge's form (one MQ
     * Telemetry made and the bridge has not yet resumed) puts no cap: 2, the publication's own QoS decides.
     */
    static int qosOf(PCFMessage subscription) {
        int qos = SubscriptionUserData.qos(string(subscription, CMQCFC.MQCACF_SUB_USER_DATA));
        return qos == TransmitMessage.NO_SUBSCRIPTION ? 2 : qos;
    }

    /** Whether the subscription puts to a device: its destination is the publication queue, as MQ Telemetry's did. */
    static boolean isDeviceSubscription(PCFMessage subscription) {
        return PUBLICATION_QUEUE.equals(string(subscription, CMQCFC.MQCACF_DESTINATION));
    }

    /** The client id in a {@code ClientIdentifier:TopicFilter} name: a client id never contains ':'. */
    static String clientIdOf(PCFMessage subscription) {
        String name = string(subscription, CMQCFC.MQCACF_SUB_NAME);
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    static String name(String clientId, String filter) {
        String name = SubscriptionNames.durable(clientId, filter);
        if (SubscriptionNames.hashed(name, clientId, filter)) {
            BridgeLog.durableNameHashed(clientId, filter, name);
        }
        return name;
    }

    private static String string(PCFMessage message, int parameter) {
        Object value = message.getParameterValue(parameter);
        return value == null ? "" : value.toString().trim();
    }

    /** An inquiry, its answer bounded ({@link BoundedPcfInquiry}): a queue manager may hold any number of subscriptions. */
    private List<PCFMessage> inquire(PCFMessage request) {
        MQQueueManager connection = connected();
        try {
            return BoundedPcfInquiry.send(connection, request);
        } catch (BoundedPcfInquiry.TooManyResponses e) {
            throw new BackendUnavailableException("inquiring device subscriptions: " + e.getMessage(), e);
        } catch (MQException e) {
            throw failed("inquiring device subscriptions", e);
        } catch (PCFException e) {
            if (e.getReason() == CMQC.MQRC_NO_SUBSCRIPTION || e.getReason() == CMQCFC.MQRCCF_NONE_FOUND
                    || e.getReason() == CMQCFC.MQRCCF_SUB_NAME_ERROR) {
                return List.of();
            }
            throw new BackendUnavailableException("inquiring device subscriptions: " + MqReason.describe(e), e);
        } catch (MQDataException | IOException e) {
            drop();
            throw new BackendUnavailableException("inquiring device subscriptions: " + MqReason.describe(e), e);
        }
    }

    /** The connection, made now if it is time to try. */
    private MQQueueManager connected() {
        if (closed) {
            throw new BackendUnavailableException("device subscriptions are closed", null);
        }
        if (queueManager != null) {
            return queueManager;
        }
        if (retry != null && System.nanoTime() - nextAttemptNanos < 0) {
            throw new BackendUnavailableException("no MQ connection for device subscriptions to "
                    + settings.describe() + " yet (retrying)", null);
        }
        try {
            MQQueueManager made = connector.connect(settings);
            try {
                agent = new PCFMessageAgent(made);
            } catch (MQDataException e) {
                disconnect(made);
                throw new QueueManagerInquiry.InquiryException("PCF was refused: " + MqReason.describe(e), e);
            }
            queueManager = made;
            retry = null;
            BridgeLog.deviceSubscriptionsConnected(settings.describe());
            return made;
        } catch (QueueManagerInquiry.InquiryException e) {
            if (retry == null) {
                retry = backOff.start();
            }
            long delay = retry.nextBackOff();
            delay = delay == BackOffExecution.STOP ? 60_000 : delay;
            nextAttemptNanos = System.nanoTime() + delay * 1_000_000;
            BridgeLog.deviceSubscriptionsUnavailable(settings.describe(), e.getMessage(), delay);
            throw new BackendUnavailableException(e.getMessage(), e);
        }
    }

    /** A failed call: the connection is dropped if the failure was the connection's. */
    private BackendUnavailableException failed(String what, MQException e) {
        if (e.getCompCode() == CMQC.MQCC_FAILED && connectionLost(e.getReason())) {
            drop();
        }
        return new BackendUnavailableException(what + " failed: " + MqReason.describe(e), e);
    }

    static boolean connectionLost(int reason) {
        return reason == CMQC.MQRC_CONNECTION_BROKEN || reason == CMQC.MQRC_HCONN_ERROR
                || reason == CMQC.MQRC_Q_MGR_NOT_AVAILABLE || reason == CMQC.MQRC_Q_MGR_QUIESCING
                || reason == CMQC.MQRC_CONNECTION_QUIESCING || reason == CMQC.MQRC_CONNECTION_STOPPING
                || reason == CMQC.MQRC_Q_MGR_STOPPING;
    }

    private void drop() {
        if (agent != null) {
            try {
                agent.disconnect();
            } catch (MQDataException ignored) {
                // Going anyway.
            }
        }
        if (queueManager != null) {
            disconnect(queueManager);
        }
        agent = null;
        queueManager = null;
        retry = backOff.start();
        nextAttemptNanos = System.nanoTime();
    }

    private static void disconnect(MQQueueManager connection) {
        try {
            connection.disconnect();
        } catch (MQException ignored) {
            // Going anyway.
        }
    }

    /** Its one MQ connection while it is up: part of {@code bridge.backend.connections}, whatever the subscriptions. */
    @Override
    public synchronized int backendConnections() {
        return queueManager != null ? 1 : 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }
}
