package org.telemetrybridge.backend.embedded;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.telemetrybridge.backend.MqObjectNames;

/**
 * Gives the embedded broker retained publications as IBM MQ has them: a publication to a topic with
 * {@code JMS_IBM_Retain = 1}, from a device or a JMS application, is also stored, in the same
 * transaction, on the last-value queue {@value RetainedPublications#QUEUE} keyed by its topic.
 */
final class RetainedPublicationsPlugin implements ActiveMQServerMessagePlugin {

    private final RetainedPublications retained;
    private ActiveMQServer server;

    RetainedPublicationsPlugin(RetainedPublications retained) {
        this.retained = retained;
    }

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    /**
     * At routing, not at the session's send: only the routing context has the transaction the send really
     * uses. A session that is not transacted (a JMS application in AUTO_ACKNOWLEDGE) still has a
     * transaction of its own, which its sends do not use (they commit by themselves); a copy routed in
     * that one was never committed, and the retained publication was lost. Publications the bridge routes
     * straight into the post office come through here too.
     */
    @Override
    public void beforeMessageRoute(Message message, RoutingContext context, boolean direct, boolean rejectDuplicates)
            throws ActiveMQException {
        if (message.getRoutingType() != RoutingType.MULTICAST || !RetainedPublications.isRetained(message)) {
            return;
        }
        Transaction tx = context.getTransaction();
        String topic = message.getAddress();
        Message copy = message.copy(server.getStorageManager().generateID());
        copy.setAddress(MqObjectNames.RETAINED_QUEUE);
        copy.setRoutingType(RoutingType.ANYCAST);
        copy.putStringProperty(Message.HDR_LAST_VALUE_NAME, SimpleString.of(topic));
        try {
            server.getPostOffice().route(copy, tx, false);
        } catch (Exception e) {
            throw new ActiveMQException("cannot store the retained publication on " + topic + ": " + e);
        }
        retained.put(topic, message);
    }

    /** Loads the retained publications stored by earlier runs. */
    void load() {
        Queue queue = server.locateQueue(SimpleString.of(MqObjectNames.RETAINED_QUEUE));
        if (queue == null) {
            return;
        }
        try (LinkedListIterator<MessageReference> references = queue.browserIterator()) {
            while (references.hasNext()) {
                Message message = references.next().getMessage();
                Object topic = message.getObjectProperty(Message.HDR_LAST_VALUE_NAME);
                if (topic != null) {
                    retained.put(topic.toString(), message);
                }
            }
        }
    }
}
