package org.telemetrybridge.backend.ibmmq;

import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQMD1;
import com.ibm.mq.jakarta.jms.MQConnectionFactory;
import com.ibm.msg.client.jakarta.wmq.WMQConstants;

import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.session.port.UndeliverableReason;
import org.telemetrybridge.backend.jms.DeadLetterCopy;
import org.telemetrybridge.backend.jms.PropertyFormDecoder;
import org.telemetrybridge.backend.jms.JmsDialect;
import org.telemetrybridge.backend.jms.TransmitDecoder;
import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.backend.MqObjectNames;

/**
 * The JMS dialect of IBM MQ, on IBM MQ classes for JMS (Jakarta edition).
 *
 * <ul>
 * <li>Topics: {@code session.createTopic("a/b")} is {@code topic://a/b}, the topic string under
 *     SYSTEM.BASE.TOPIC; MQ's topic wildcards are MQTT's ({@code +}, {@code #}).</li>
 * <li>Payloads: the bridge sends BytesMessages, which MQ classes for JMS put with an MQRFH2 and
 *     Format MQFMT_NONE: byte-exact, never converted, as MQ Telemetry did. MQ applications read the
 *     data as bytes (an MQI program with MQGMO_PROPERTIES_IN_HANDLE sees no RFH2). With
 *     {@link PublicationForm#MQ_TELEMETRY} the bridge writes MQ Telemetry's RFH2 itself
 *     ({@link MqTelemetryPublication}).</li>
 * <li>Retained publications: {@code JMS_IBM_Retain = 1} on publish; see {@link #retained}.</li>
 * <li>Acknowledgement: MQ has no per-message acknowledge; CLIENT_ACKNOWLEDGE commits the session's
 *     whole unit of work, so durable subscriptions acknowledge in batches
 *     ({@link #individualAcknowledge()} is false) of at most {@link #maxUnacknowledged()}.</li>
 * <li>Session state: MQ has no last-value queues, so the bridge replaces a session's state message
 *     itself ({@link #lastValueQueues()} is false).</li>
 * </ul>
 */
public final class IbmMqDialect implements JmsDialect {

    /**
     * MQ's default MAXHANDS on every platform but z/OS (IBM: "MaxHandles (MQLONG)",
     * https://www.ibm.com/support/knowledgecenter/SSFKSJ_9.0.0/com.ibm.mq.ref.dev.doc/q102500_.htm):
     * assumed until the queue manager's own figure is inquired.
     */
    static final int DEFAULT_MAX_HANDLES = 256;

    private final IbmMqSettings settings;
    private volatile int maxHandles = DEFAULT_MAX_HANDLES;
    /** DEADQ as inquired; null until known. */
    private volatile String deadLetterQueue;

    public IbmMqDialect(IbmMqSettings settings) {
        this.settings = settings;
    }

    /**
     * What the start-up inquiry learned of the queue manager ({@link QueueManagerChecks.OnConnect}):
     * its MAXHANDS from now on sizes the producers each session keeps open, and its DEADQ takes what
     * cannot be delivered.
     */
    public void learned(QueueManagerFacts facts) {
        deadLetterQueue = facts.deadLetterQueue() == null ? "" : facts.deadLetterQueue().trim();
        Integer inquired = facts.limits().maxHandles();
        if (inquired != null && inquired > 0) {
            maxHandles = inquired;
        }
    }

    /**
     * The queue manager's MAXHANDS once inquired, else MQ's default 256. MQ classes for JMS open one
     * connection handle (hconn) per JMS session, and MAXHANDS counts per connection handle.
     */
    @Override
    public int maxHandles() {
        return maxHandles;
    }

    public IbmMqSettings settings() {
        return settings;
    }

    @Override
    public ConnectionFactory connectionFactory() {
        try {
            return createConnectionFactory(settings);
        } catch (JMSException | GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("ibm.mq settings cannot be used: " + e.getMessage(), e);
        }
    }

    static MQConnectionFactory createConnectionFactory(IbmMqSettings settings)
            throws JMSException, GeneralSecurityException, java.io.IOException {
        MQConnectionFactory factory = new MQConnectionFactory();
        factory.setTransportType(WMQConstants.WMQ_CM_CLIENT);
        factory.setQueueManager(settings.queueManager());
        if (IbmMqSettings.blank(settings.ccdtUrl())) {
            factory.setConnectionNameList(settings.connName());
            factory.setChannel(settings.channel());
        } else {
            factory.setCCDTURL(URI.create(settings.ccdtUrl()).toURL());
        }
        factory.setAppName(settings.applicationName());
        // The bridge reconnects itself, visibly (TBR0060E, readiness); MQ's silent automatic
        // reconnection would hide an outage from the MQTT side.
        factory.setClientReconnectOptions(WMQConstants.WMQ_CLIENT_RECONNECT_DISABLED);
        if (!IbmMqSettings.blank(settings.user())) {
            factory.setStringProperty(WMQConstants.USERID, settings.user());
            factory.setStringProperty(WMQConstants.PASSWORD, settings.password() == null ? "" : settings.password());
            factory.setBooleanProperty(WMQConstants.USER_AUTHENTICATION_MQCSP, true);
        }
        if (!IbmMqSettings.blank(settings.sslCipherSuite())) {
            factory.setSSLCipherSuite(settings.sslCipherSuite());
            if (!IbmMqSettings.blank(settings.sslPeerName())) {
                factory.setSSLPeerName(settings.sslPeerName());
            }
            SSLSocketFactory sockets = tlsSockets(settings);
            if (sockets != null) {
                factory.setSSLSocketFactory(sockets);
            }
        }
        return factory;
    }

    /**
     * The TLS socket factory for the channel: from the SSL bundle, else from the key and trust stores,
     * else null (MQ's client then uses the JVM's default key and trust stores).
     */
    static SSLSocketFactory tlsSockets(IbmMqSettings settings) throws GeneralSecurityException, java.io.IOException {
        if (settings.tlsSockets() != null) {
            return settings.tlsSockets().get();
        }
        if (settings.keyStore() != null || settings.trustStore() != null) {
            return sslContext(settings).getSocketFactory();
        }
        return null;
    }

    /** A TLS context from the configured stores, so the bridge needs no JVM-wide javax.net.ssl settings. */
    static SSLContext sslContext(IbmMqSettings settings) throws GeneralSecurityException, java.io.IOException {
        KeyManagerFactory keys = null;
        if (settings.keyStore() != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(settings.keyStore(), settings.keyStorePassword()), chars(settings.keyStorePassword()));
        }
        TrustManagerFactory trust = null;
        if (settings.trustStore() != null) {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(settings.trustStore(), settings.trustStorePassword()));
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, String password) throws GeneralSecurityException, java.io.IOException {
        // KeyStore.getInstance(File, ...) recognises JKS and PKCS12 by their content.
        return KeyStore.getInstance(file.toFile(), chars(password));
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    @Override
    public int durableAcknowledgeMode() {
        return Session.CLIENT_ACKNOWLEDGE;
    }

    @Override
    public boolean individualAcknowledge() {
        return false;
    }

    @Override
    public int maxUnacknowledged() {
        return settings.maxUnacknowledged();
    }

    @Override
    public String durableSubscriptionName(String clientId, String filter) {
        String name = SubscriptionNames.durable(clientId, filter);
        if (SubscriptionNames.hashed(name, clientId, filter)) {
            BridgeLog.durableNameHashed(clientId, filter, name);
        }
        return name;
    }

    @Override
    public void markRetained(Message message) throws JMSException {
        message.setIntProperty(WMQConstants.JMS_IBM_RETAIN, WMQConstants.RETAIN_PUBLICATION);
    }

    /** MQ has no last-value queues: nothing to mark, the bridge removes older state messages itself. */
    @Override
    public void markLastValue(Message message, String key) {
    }

    @Override
    public boolean lastValueQueues() {
        return false;
    }

    /**
     * The retained publications of a filter. The bridge serves every clean session on a filter from
     * one shared non-durable subscription, so a client joining later gets no retained publication from
     * MQ itself. Here a short-lived non-durable subscription on the filter collects them: MQ puts the
     * retained publications on a new subscription's queue while creating it, marked
     * {@code JMS_IBM_Retain = 1}, so they are there at once; a message without the mark is a live
     * publication, which the client's own subscription delivers, and ends the collection.
     */
    @Override
    public List<Delivery> retained(String filter, Connection connection) throws JMSException {
        List<Delivery> found = new ArrayList<>();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try (MessageConsumer consumer = session.createConsumer(session.createTopic(filter))) {
            long waitMillis = Math.max(1, settings.retainedWait().toMillis());
            for (Message message = consumer.receive(waitMillis); message != null && isRetainedReplay(message);
                 message = consumer.receive(waitMillis)) {
                String topic = ((jakarta.jms.Topic) message.getJMSDestination()).getTopicName();
                Delivery retained = MessageMapping.retainedDelivery(topic, message);
                if (retained != null) {
                    found.add(retained);
                }
            }
        } finally {
            session.close();
        }
        return found;
    }

    @Override
    public boolean isRetainedReplay(Message message) throws JMSException {
        return message.propertyExists(WMQConstants.JMS_IBM_RETAIN)
                && message.getIntProperty(WMQConstants.JMS_IBM_RETAIN) == WMQConstants.RETAIN_PUBLICATION;
    }

    /**
     * SYSTEM.MQTT.TRANSMIT.QUEUE for the transmit-queue consumer. A message there has Format MQXMIT,
     * which MQ classes for JMS do not interpret: it arrives as a BytesMessage whose body starts with
     * the MQXQH, for {@link TransmitQueueDecoder}.
     */
    @Override
    public Queue transmitQueue(Session session) throws JMSException {
        return session.createQueue("queue:///" + MqObjectNames.TRANSMIT_QUEUE);
    }

    /**
     * The queue manager's DEADQ as inquired at connect; null if it has none, or while it is not yet
     * known (the drain then waits, TBR0220W, rather than guess a name).
     */
    @Override
    public String deadLetterQueue() {
        String name = deadLetterQueue;
        return name == null || name.isEmpty() ? null : name;
    }

    /**
     * The dead-letter queue as a plain MQ destination: targetClient=1, so no MQRFH2 is added and the
     * MQDLH is the first thing in the message data, as MQ tools expect; MQMD written by the bridge
     * with all context set (mdMessageContext=2, WMQ_MDCTX_SET_ALL_CONTEXT), so the dead letter keeps
     * the sender's identity and origin. That needs SETALL authority on the queue (mqsc/40).
     */
    @Override
    public Queue deadLetterQueue(Session session) throws JMSException {
        return session.createQueue("queue:///" + deadLetterQueue() + "?targetClient=1&"
                + WMQConstants.WMQ_MQMD_WRITE_ENABLED + "=true&" + WMQConstants.WMQ_MQMD_MESSAGE_CONTEXT + "="
                + WMQConstants.WMQ_MDCTX_SET_ALL_CONTEXT);
    }

    /** Messages of both forms may be put to the transmit queue: by the queue manager, or by JMS applications. */
    @Override
    public List<TransmitDecoder> transmitDecoders() {
        return List.of(new IbmFormDecoder(), new PropertyFormDecoder());
    }

    /**
     * Every undeliverable message is handled as an MQ channel agent handles one: an MQDLH in front of
     * the data, the sender's context kept, its report options honoured ({@link UndeliverableDisposition}).
     * A message in the IBM form is that already; a held copy is rebuilt from the descriptor kept with
     * it ({@link #keepContext}); a message in the property form gets a descriptor from its JMS header.
     */
    @Override
    public Undeliverable undeliverable(Session session, Message original, UndeliverableReason reason,
                                       String clientId) throws JMSException {
        byte[] xmit = asTransmitMessage(original, clientId);
        UndeliverableDisposition fate = UndeliverableDisposition.of(xmit, reason.mqReason(),
                original.getJMSDeliveryMode() != DeliveryMode.NON_PERSISTENT);
        Message deadLetter = fate.deadLetter() == null ? null : deadLetter(session, fate.deadLetter());
        if (fate.report() == null) {
            return new Undeliverable(deadLetter, null, null);
        }
        UndeliverableDisposition.ExceptionReport report = fate.report();
        return new Undeliverable(deadLetter, session.createQueue("queue://" + report.replyToQMgr() + "/"
                + report.replyToQ() + "?targetClient=1&" + WMQConstants.WMQ_MQMD_WRITE_ENABLED + "=true"),
                exceptionReport(session, report));
    }

    @Override
    public Message deadLetter(Session session, Message original, UndeliverableReason reason, String clientId)
            throws JMSException {
        Message deadLetter = undeliverable(session, original, reason, clientId).deadLetter();
        return deadLetter != null ? deadLetter : DeadLetterCopy.of(session, original, reason, clientId);
    }

    /** The message as the IBM transmission-queue form: as it is, or rebuilt with an MQXQH. */
    private static byte[] asTransmitMessage(Message original, String clientId) throws JMSException {
        byte[] data = MessageMapping.payload(original);
        if (data == null) {
            data = new byte[0];
        }
        if (original instanceof BytesMessage && TransmitQueueDecoder.startsWithXqh(data)) {
            return data;
        }
        String topic = original.getStringProperty(PropertyFormDecoder.REMOTE_QNAME);
        String kept = original.getStringProperty(SENDER_DESCRIPTOR);
        MQMD1 descriptor = kept != null ? SenderDescriptor.decode(kept) : SenderDescriptor.of(original);
        return UndeliverableDisposition.xmitMessage(clientId == null ? "" : clientId, topic == null ? "" : topic,
                descriptor, data);
    }

    /** String property of a held copy: the sender's MQMD (hex), for {@link #undeliverable}. */
    static final String SENDER_DESCRIPTOR = "TB_MQMD";

    @Override
    public void keepContext(Message original, Message heldCopy) throws JMSException {
        if (original instanceof BytesMessage) {
            byte[] data = MessageMapping.payload(original);
            if (TransmitQueueDecoder.startsWithXqh(data)) {
                heldCopy.setStringProperty(SENDER_DESCRIPTOR, SenderDescriptor.ofHeldData(data));
                return;
            }
        }
        // The property form: the sender's context from its JMS header, which the held copy does not have.
        heldCopy.setStringProperty(SENDER_DESCRIPTOR, SenderDescriptor.kept(SenderDescriptor.of(original)));
    }

    /** A dead letter as a JMS message: MQDLH and data, MQMD format fields and the sender's context. */
    private static BytesMessage deadLetter(Session session, DeadLetterEncoder.DeadLetter letter) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(letter.body());
        message.setStringProperty(WMQConstants.JMS_IBM_FORMAT, letter.format());
        message.setIntProperty(WMQConstants.JMS_IBM_ENCODING, letter.encoding());
        message.setIntProperty(WMQConstants.JMS_IBM_CHARACTER_SET, letter.ccsid());
        message.setJMSDeliveryMode(letter.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        SenderDescriptor.setContext(message, letter.context());
        return message;
    }

    /**
     * A transmit-queue message that cannot be delivered, as a dead letter: MQDLH with the reason and
     * the original data ({@link DeadLetterEncoder}), with the MQMD format, encoding and CCSID of the
     * MQDLH set through MQ classes for JMS' JMS_IBM_* properties.
     */
    public BytesMessage deadLetter(Session session, byte[] transmitMessage, int reason) throws JMSException {
        return deadLetter(session, DeadLetterEncoder.encode(transmitMessage, reason));
    }

    /** An exception report (MQMT_REPORT) as a JMS message, its MQMD fields written through JMS_IBM_MQMD_*. */
    static BytesMessage exceptionReport(Session session, UndeliverableDisposition.ExceptionReport report)
            throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(report.data());
        message.setIntProperty(WMQConstants.JMS_IBM_MQMD_MSGTYPE, CMQC.MQMT_REPORT);
        message.setIntProperty(WMQConstants.JMS_IBM_MQMD_FEEDBACK, report.feedback());
        message.setObjectProperty(WMQConstants.JMS_IBM_MQMD_CORRELID, report.correlId());
        if (report.msgId() != null) {
            message.setObjectProperty(WMQConstants.JMS_IBM_MQMD_MSGID, report.msgId());
        }
        message.setStringProperty(WMQConstants.JMS_IBM_FORMAT, report.format());
        message.setIntProperty(WMQConstants.JMS_IBM_ENCODING, report.encoding());
        message.setIntProperty(WMQConstants.JMS_IBM_CHARACTER_SET, report.ccsid());
        message.setJMSDeliveryMode(report.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        return message;
    }

    private boolean mqTelemetryForm() {
        return settings.publicationForm() == PublicationForm.MQ_TELEMETRY;
    }

    /** In the MQ Telemetry form, {@link MqTelemetryPublication}; else the JMS form. */
    @Override
    public Message publicationMessage(Session session, Publication publication, String origin) throws JMSException {
        return mqTelemetryForm() ? MqTelemetryPublication.toMessage(session, publication)
                : JmsDialect.super.publicationMessage(session, publication, origin);
    }

    /** In the MQ Telemetry form, with WMQ_MESSAGE_BODY=MQ: the bridge writes the MQRFH2 itself. */
    @Override
    public Topic publicationTopic(Session session, String topic) throws JMSException {
        Topic destination = session.createTopic(topic);
        return mqTelemetryForm() ? MqTelemetryPublication.destination(destination) : destination;
    }

    /**
     * In the MQ Telemetry form a publication carries no JMS property to select on, so a shared subscription
     * leaves out the bridge's own publications with JMS noLocal: its sessions and the publishers' are on one
     * JMS connection, and with noLocal a consumer "will not receive messages published to the topic by its own
     * connection" ({@code Session.createConsumer(Destination, String, boolean)}). IBM documents no more of
     * how MQ classes for JMS do it: {@code IbmMqPublicationFormIT} checks it on a queue manager. Publications of other bridges (and of this one before a reconnect) still arrive.
     */
    @Override
    public MessageConsumer sharedConsumer(Session session, Topic topic, String origin) throws JMSException {
        return mqTelemetryForm() ? session.createConsumer(topic, null, true)
                : JmsDialect.super.sharedConsumer(session, topic, origin);
    }

    @Override
    public String failureReason(Throwable failure) {
        return MqReason.describe(failure);
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    /**
     * Active/standby: TBRIDGE.ACTIVE is defined NOSHARE, so every input open is exclusive and a second
     * bridge's MQOPEN gets MQRC 2042 (MQRC_OBJECT_IN_USE) while the first holds it.
     */
    @Override
    public boolean lockHeldElsewhere(Throwable failure) {
        return MqReason.of(failure) == com.ibm.mq.constants.CMQC.MQRC_OBJECT_IN_USE;
    }
}
