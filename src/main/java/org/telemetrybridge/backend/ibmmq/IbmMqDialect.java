package org.telemetrybridge.backend.ibmmq;

import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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

import com.ibm.mq.jakarta.jms.MQConnectionFactory;
import com.ibm.msg.client.jakarta.wmq.WMQConstants;

import org.telemetrybridge.session.port.Delivery;
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
 *     data as bytes (an MQI program with MQGMO_PROPERTIES_IN_HANDLE sees no RFH2).</li>
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

    public IbmMqDialect(IbmMqSettings settings) {
        this.settings = settings;
    }

    /**
     * What the start-up inquiry learned of the queue manager ({@link QueueManagerChecks.OnConnect}):
     * its MAXHANDS from now on sizes the producers each session keeps open.
     */
    public void learned(QueueManagerFacts facts) {
        if (facts.maxHandles() != null && facts.maxHandles() > 0) {
            maxHandles = facts.maxHandles();
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
            if (settings.keyStore() != null || settings.trustStore() != null) {
                factory.setSSLSocketFactory(sslContext(settings).getSocketFactory());
            }
        }
        return factory;
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
                byte[] payload = MessageMapping.payload(message);
                if (payload != null) {
                    String topic = ((jakarta.jms.Topic) message.getJMSDestination()).getTopicName();
                    found.add(new Delivery(topic, payload, MessageMapping.qos(message), true, null, false,
                            Delivery.Acknowledgement.NONE));
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
     * The queue manager's dead-letter queue as a plain MQ destination (targetClient=1: no MQRFH2 is
     * added, so the MQDLH is the first thing in the message data, as MQ tools expect).
     */
    @Override
    public Queue deadLetterQueue(Session session) throws JMSException {
        return session.createQueue("queue:///" + deadLetterQueue() + "?targetClient=1");
    }

    /** Messages of both forms may be put to the transmit queue: by the queue manager, or by JMS applications. */
    @Override
    public List<TransmitDecoder> transmitDecoders() {
        return List.of(new IbmFormDecoder(), new PropertyFormDecoder());
    }

    /**
     * A transmit-queue message in the IBM form is dead-lettered as MQ tools expect it: an MQDLH with the
     * reason in front of the original data. Others (the property form) keep their properties.
     */
    @Override
    public Message deadLetter(Session session, Message original, UndeliverableReason reason, String clientId)
            throws JMSException {
        if (original instanceof BytesMessage) {
            byte[] data = MessageMapping.payload(original);
            if (TransmitQueueDecoder.startsWithXqh(data)) {
                return deadLetter(session, data, reason.mqReason());
            }
        }
        return DeadLetterCopy.of(session, original, reason, clientId);
    }

    /**
     * A transmit-queue message that cannot be delivered, as a dead letter: MQDLH with the reason and
     * the original data ({@link DeadLetterEncoder}), with the MQMD format, encoding and CCSID of the
     * MQDLH set through MQ classes for JMS' JMS_IBM_* properties.
     */
    public BytesMessage deadLetter(Session session, byte[] transmitMessage, int reason) throws JMSException {
        DeadLetterEncoder.DeadLetter letter = DeadLetterEncoder.encode(transmitMessage, reason);
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(letter.body());
        message.setStringProperty(WMQConstants.JMS_IBM_FORMAT, letter.format());
        message.setIntProperty(WMQConstants.JMS_IBM_ENCODING, letter.encoding());
        message.setIntProperty(WMQConstants.JMS_IBM_CHARACTER_SET, letter.ccsid());
        message.setJMSDeliveryMode(letter.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        return message;
    }

    @Override
    public String failureReason(Throwable failure) {
        return MqReason.describe(failure);
    }

    @Override
    public String describe() {
        return settings.describe();
    }
}
