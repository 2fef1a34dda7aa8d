package org.telemetrybridge.backend.embedded;

import java.util.Map;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.transformer.Transformer;

import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.backend.jms.PropertyFormDecoder;

/**
 * Addresses the copy a device subscription's divert makes of a publication, as MQ addresses what a
 * subscription puts to queue SYSTEM.MQTT.PUBLICATION.QUEUE on queue manager <i>ClientIdentifier</i>:
 * {@code RemoteQMgrName} the client's pseudo queue manager, {@code RemoteQName} the publication's topic,
 * and the subscription's QoS. Artemis makes one per divert from its persisted configuration (hence
 * public, with the subscription in its properties), and runs it inside the broker's routing of the
 * publication, so the copy is made in the same step as every other copy of it.
 */
public final class DeviceSubscriptionCopy implements Transformer {

    static final String CLIENT_ID = "clientId";
    static final String QUEUE_MANAGER = "queueManager";
    static final String FILTER = "filter";
    static final String QOS = "qos";
    static final String NO_LOCAL = "noLocal";

    private static final SimpleString REMOTE_QMGR_NAME = SimpleString.of(PropertyFormDecoder.REMOTE_QMGR_NAME);
    private static final SimpleString REMOTE_QNAME = SimpleString.of(PropertyFormDecoder.REMOTE_QNAME);
    private static final SimpleString SUBSCRIPTION_QOS = SimpleString.of(PropertyFormDecoder.SUBSCRIPTION_QOS);
    private static final SimpleString SUBSCRIPTION_NAME = SimpleString.of(PropertyFormDecoder.SUBSCRIPTION_NAME);
    private static final SimpleString RETAIN = SimpleString.of(RetainedPublications.RETAIN_PROPERTY);
    private static final SimpleString PUBLISHED_RETAINED = SimpleString.of(MessageMapping.PUBLISHED_RETAINED);
    private static final SimpleString SUBSCRIPTION = SimpleString.of(MessageMapping.SUBSCRIPTION);

    private String clientId;
    private SimpleString queueManager;
    private String filter;
    private SimpleString name;
    private int qos;
    private boolean noLocal;

    static Map<String, String> properties(String clientId, String queueManager, String filter, int qos,
                                          boolean noLocal) {
        return Map.of(CLIENT_ID, clientId, QUEUE_MANAGER, queueManager, FILTER, filter, QOS, Integer.toString(qos),
                NO_LOCAL, Boolean.toString(noLocal));
    }

    @Override
    public void init(Map<String, String> properties) {
        clientId = properties.get(CLIENT_ID);
        queueManager = SimpleString.of(properties.get(QUEUE_MANAGER));
        filter = properties.get(FILTER);
        name = SimpleString.of(DeviceSubscriptionDivert.name(clientId, filter));
        qos = Integer.parseInt(properties.get(QOS));
        // A divert stored before No Local existed has none.
        noLocal = Boolean.parseBoolean(properties.get(NO_LOCAL));
    }

    @Override
    public Message transform(Message copy) {
        // The divert has set the copy's address to the transmit queue; the topic is the original's.
        Object topic = copy.getObjectProperty(Message.HDR_ORIGINAL_ADDRESS);
        copy.putStringProperty(REMOTE_QMGR_NAME, queueManager);
        copy.putStringProperty(REMOTE_QNAME, SimpleString.of(String.valueOf(topic)));
        copy.putIntProperty(SUBSCRIPTION_QOS, qos);
        // Overlapping subscriptions copy one publication with one message id: the name tells the copies apart.
        copy.putStringProperty(SUBSCRIPTION_NAME, name);
        // Which subscription put it: the session's options of that filter (Subscription Identifier, Retain
        // As Published) apply to it [MQTT-3.3.4-5].
        copy.putStringProperty(SUBSCRIPTION, SimpleString.of(filter));
        // Only a copy for a new subscription is a retained publication to MQTT [MQTT-3.3.1-9]; that it was
        // published retained is kept for Retain As Published [MQTT-3.3.1-12].
        if (copy.removeProperty(RETAIN) != null) {
            copy.putBooleanProperty(PUBLISHED_RETAINED, true);
        }
        return copy;
    }

    String clientId() {
        return clientId;
    }

    String filter() {
        return filter;
    }

    int qos() {
        return qos;
    }

    /** The divert's filter leaves out the client's own publications; the copy itself is the same. */
    boolean noLocal() {
        return noLocal;
    }
}
