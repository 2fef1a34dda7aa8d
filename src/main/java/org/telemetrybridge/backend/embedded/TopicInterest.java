package org.telemetrybridge.backend.embedded;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.impl.DivertBinding;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerBindingPlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.topic.TopicTree;

/**
 * Which topics anyone but the bridge's own clean sessions subscribes to on the embedded broker: JMS
 * applications, and the device subscriptions of persistent sessions (diverts). A device publication no one
 * else subscribes to need not go through the broker at all, since the bridge delivers it to its
 * clean sessions itself; on a broker in the same process, the bridge can see that, and skipping the
 * broker makes device-to-device traffic several times cheaper.
 *
 * <p>Kept from the broker's own bindings (its topic subscription queues), by a broker plugin, so it
 * is never behind the broker: a subscription counts from the moment its queue exists.
 */
final class TopicInterest implements ActiveMQServerBindingPlugin {

    private static final int MAX_REMEMBERED_TOPICS = 10_000;

    /** Artemis matches '#' and '+' against '$' topics too, so this tree does as well. */
    private final TopicTree<String> subscriptions = new TopicTree<>(false);
    /** Answers for topics asked before; forgotten whenever a subscription comes or goes. */
    private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

    /** Takes in the bindings the broker has after start: the durable subscriptions of earlier runs. */
    void load(ActiveMQServer server) {
        server.getPostOffice().getAllBindings().forEach(this::afterAddBinding);
    }

    @Override
    public synchronized void afterAddBinding(Binding binding) {
        if (counts(binding)) {
            subscriptions.add(binding.getAddress().toString(), binding.getUniqueName().toString());
            answers.clear();
        }
    }

    @Override
    public synchronized void afterRemoveBinding(Binding binding, Transaction tx, boolean deleteData) {
        if (counts(binding)) {
            subscriptions.remove(binding.getAddress().toString(), binding.getUniqueName().toString());
            answers.clear();
        }
    }

    boolean anyoneSubscribes(String topic) {
        Boolean known = answers.get(topic);
        return known != null ? known : answer(topic);
    }

    /** Under the same lock as subscription changes, so no answer outlives the change that made it wrong. */
    private synchronized boolean answer(String topic) {
        if (answers.size() >= MAX_REMEMBERED_TOPICS) {
            answers.clear();
        }
        boolean anyone = subscriptions.matchesAny(topic);
        answers.put(topic, anyone);
        return anyone;
    }

    /** A divert (a device subscription) or a topic subscription queue, but not one of the bridge's shared subscriptions. */
    private static boolean counts(Binding binding) {
        if (binding instanceof DivertBinding) {
            return true;
        }
        if (!(binding instanceof LocalQueueBinding queue) || queue.getQueue().getRoutingType() != RoutingType.MULTICAST) {
            return false;
        }
        return binding.getFilter() == null
                || !MessageMapping.isNotFrom(binding.getFilter().getFilterString().toString());
    }
}
