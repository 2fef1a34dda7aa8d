package org.telemetrybridge.backend.embedded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.QueueAttributes;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.backend.jms.TransmitDecoder;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.topic.TopicFilter;

/**
 * The stand-in queue manager reached over TCP ({@code bridge.backend=artemis}): an Artemis broker set up
 * as {@link EmbeddedBroker} sets it up (topic wildcards, the retained-publication copy, the bridge's
 * queues), run by another process, so that several bridges share one broker as they share one queue
 * manager (active/standby). What the in-process dialect does inside the broker, this one does over JMS:
 * <ul>
 * <li>retained publications are read by browsing the broker's last-value queue
 *     {@value MqObjectNames#RETAINED_QUEUE}, not from an in-memory map;</li>
 * <li>device publications go through the JMS publishers (group commit), with no direct route into
 *     the broker, and every one is sent, as the bridge cannot see who else subscribes;</li>
 * <li>a topic is refused as reserved by its prefix only: the broker's queue names are not looked up.</li>
 * </ul>
 */
public final class RemoteArtemisDialect extends ArtemisDialect {

    private final ActiveMQConnectionFactory factory;
    private final String address;

    /**
     * @param url  the broker's Core URL, with its connection settings
     *             ({@code tcp://host:61616?clientFailureCheckPeriod=2000&connectionTTL=6000})
     */
    public RemoteArtemisDialect(String url, String user, String password, List<TransmitDecoder> transmitDecoders) {
        super(transmitDecoders);
        this.factory = new ActiveMQConnectionFactory(url, user, password);
        this.factory.setMinLargeMessageSize(EmbeddedBroker.MIN_LARGE_MESSAGE_SIZE);
        int query = url.indexOf('?');
        this.address = query < 0 ? url : url.substring(0, query);
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    /** Browses the broker's copy of every retained publication, one per topic, keyed by its topic. */
    @Override
    public List<Delivery> retained(String filter, Connection connection) throws JMSException {
        List<Delivery> found = new ArrayList<>();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try (QueueBrowser browser = session.createBrowser(session.createQueue(MqObjectNames.RETAINED_QUEUE))) {
            for (Object browsed : Collections.list(browser.getEnumeration())) {
                Message message = (Message) browsed;
                String topic = message.getStringProperty(LAST_VALUE_PROPERTY);
                Delivery retained = topic == null || !TopicFilter.matches(filter, topic) ? null
                        : MessageMapping.retainedDelivery(topic, message);
                // An empty payload cleared the topic's retained publication.
                if (retained != null && retained.payload().length > 0) {
                    found.add(retained);
                }
            }
        } finally {
            session.close();
        }
        return found;
    }

    @Override
    public String reservedTopic(String topicOrFilter) {
        return EmbeddedBroker.reservedPrefix(topicOrFilter);
    }

    /** The broker that runs the stand-in for several bridges was never an earlier version's own. */
    @Override
    public boolean legacyHeldQueueExists() {
        return false;
    }

    /** With max-consumers=1, in case the broker creates the queue on first use rather than from its set-up. */
    @Override
    public Queue activeLockQueue(Session session) throws JMSException {
        return session.createQueue(MqObjectNames.ACTIVE_LOCK_QUEUE + "?" + QueueAttributes.MAX_CONSUMERS + "=1");
    }

    @Override
    public String describe() {
        return "ActiveMQ Artemis at " + address;
    }
}
