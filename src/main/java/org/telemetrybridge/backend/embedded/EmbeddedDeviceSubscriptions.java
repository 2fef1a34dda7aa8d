package org.telemetrybridge.backend.embedded;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.persistence.StorageManager;
import org.apache.activemq.artemis.core.postoffice.impl.DivertBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Divert;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.transformer.RegisteredTransformer;
import org.apache.activemq.artemis.core.server.transformer.Transformer;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.transaction.impl.TransactionImpl;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.DeviceSubscriptions;

/**
 * Device subscriptions on the embedded broker, made as MQ Telemetry made them on a queue manager: each
 * is a divert named {@code ClientIdentifier:TopicFilter} on the filter's (wildcard) address, which
 * copies every matching publication onto SYSTEM.MQTT.TRANSMIT.QUEUE addressed to the client
 * ({@link DeviceSubscriptionCopy}). The copy is made inside the broker's routing of the publication,
 * in its transaction: a crash loses or duplicates nothing. Artemis stores a divert made at run time in
 * its bindings journal and deploys it again at start, so subscriptions outlive a restart; this class
 * lists them from the broker's bindings, never from a copy of its own that could drift. The divert
 * itself is {@link DeviceSubscriptionDivert}'s.
 */
public final class EmbeddedDeviceSubscriptions implements DeviceSubscriptions {

    /**
     * Artemis' {@code destroyDivert(name)} keeps the divert's stored configuration, and deploys it again
     * at the next start: a device subscription removed must be removed from the journal too.
     */
    private static final boolean DELETE_STORED = true;

    private final EmbeddedBroker broker;
    /** Subscribe and unsubscribe one at a time: a divert is replaced by destroying and deploying it. */
    private final Object changes = new Object();
    private final Map<String, Integer> adopted = new ConcurrentHashMap<>();
    /** The stand-in divert's name while an old durable subscription becomes a device subscription. */
    private static final String UPGRADING = " (upgrading)";

    public EmbeddedDeviceSubscriptions(EmbeddedBroker broker) {
        this.broker = broker;
    }

    /** MQ Telemetry's name of a subscription, which is also the old JMS durable subscription's. */
    static String name(String clientId, String filter) {
        return DeviceSubscriptionDivert.name(clientId, filter);
    }

    @Override
    public void subscribe(String clientId, String queueManagerName, String filter, int qos) {
        subscribe(clientId, queueManagerName, filter, qos, false);
    }

    @Override
    public void subscribe(String clientId, String queueManagerName, String filter, int qos, boolean noLocal) {
        String name = name(clientId, filter);
        synchronized (changes) {
            try {
                ActiveMQServer server = server();
                DeviceSubscriptionCopy existing = copyOf(server, name);
                if (existing != null && existing.qos() == qos && existing.noLocal() == noLocal
                        && existing.clientId().equals(clientId)) {
                    return;
                }
                DivertConfiguration divert = divert(name, clientId, queueManagerName, filter, qos, noLocal);
                if (existing != null) {
                    server.updateDivert(divert);
                    return;
                }
                Queue durable = server.locateQueue(SimpleString.of(name));
                if (durable != null && durable.getRoutingType() == RoutingType.MULTICAST) {
                    adoptDurableSubscription(server, durable, clientId, queueManagerName, filter, qos, noLocal);
                } else {
                    server.deployDivert(divert);
                }
            } catch (BackendUnavailableException e) {
                throw e;
            } catch (Exception e) {
                throw new BackendUnavailableException("cannot make device subscription '" + name + "': " + e, e);
            }
        }
    }

    @Override
    public boolean unsubscribe(String clientId, String filter) {
        String name = name(clientId, filter);
        synchronized (changes) {
            try {
                ActiveMQServer server = server();
                if (copyOf(server, name) == null) {
                    return false;
                }
                try {
                    server.destroyDivert(SimpleString.of(name), DELETE_STORED);
                } catch (Exception e) {
                    if (copyOf(server, name) != null) {
                        throw e;
                    }
                    // Its binding went between the look-up and the removal (MqttFuzzTest saw "Cannot find
                    // binding"): gone is what was asked, but its stored copy must not come back at start.
                    server.getStorageManager().deleteDivertConfiguration(name);
                }
                return true;
            } catch (Exception e) {
                throw new BackendUnavailableException("cannot delete device subscription '" + name + "': " + e, e);
            }
        }
    }

    @Override
    public Map<String, Integer> of(String clientId) {
        Map<String, Integer> found = new TreeMap<>();
        copies().forEach(copy -> {
            if (copy.clientId().equals(clientId)) {
                found.put(copy.filter(), copy.qos());
            }
        });
        return found;
    }

    @Override
    public Set<String> clientIds() {
        return copies().map(DeviceSubscriptionCopy::clientId).collect(java.util.stream.Collectors.toSet());
    }

    /** Device subscriptions of all clients (for tests and metrics). */
    public long count() {
        return copies().count();
    }

    private java.util.stream.Stream<DeviceSubscriptionCopy> copies() {
        return server().getPostOffice().getAllBindings()
                .filter(binding -> binding instanceof DivertBinding)
                .map(binding -> copyIn(((DivertBinding) binding).getDivert()))
                .filter(java.util.Objects::nonNull);
    }

    private static DivertConfiguration divert(String name, String clientId, String queueManagerName, String filter,
                                              int qos, boolean noLocal) {
        return DeviceSubscriptionDivert.of(name, clientId, queueManagerName, filter, qos, noLocal);
    }

    private static DeviceSubscriptionCopy copyOf(ActiveMQServer server, String name) {
        if (server.getPostOffice().getBinding(SimpleString.of(name)) instanceof DivertBinding binding) {
            DeviceSubscriptionCopy copy = copyIn(binding.getDivert());
            if (copy != null) {
                return copy;
            }
            throw new BackendUnavailableException("'" + name + "' is a divert of the embedded broker that is not a"
                    + " device subscription", null);
        }
        return null;
    }

    /** The divert's transformer, if it is a device subscription's: the broker wraps what it instantiated. */
    private static DeviceSubscriptionCopy copyIn(Divert divert) {
        Transformer transformer = divert.getTransformer();
        if (transformer instanceof RegisteredTransformer registered) {
            transformer = registered.getTransformer();
        }
        return transformer instanceof DeviceSubscriptionCopy copy ? copy : null;
    }

    /**
     * The upgrade from a version that gave each persistent session's subscription a JMS shared durable
     * subscription: a queue named as the divert ({@code ClientIdentifier:TopicFilter}) on the filter's
     * address. Its waiting messages move, in one transaction, onto the transmit queue addressed to the
     * client as the divert would have put them, and the queue is deleted; then the divert takes its
     * name. A stand-in divert covers the steps in between, so a publication made meanwhile may arrive
     * twice, never not at all.
     */
    private void adoptDurableSubscription(ActiveMQServer server, Queue durable, String clientId, String queueManager,
                                          String filter, int qos, boolean noLocal) throws Exception {
        String name = durable.getName().toString();
        String standIn = name + UPGRADING;
        server.deployDivert(divert(standIn, clientId, queueManager, filter, qos, noLocal));
        durable.setEnabled(false);
        StorageManager storage = server.getStorageManager();
        Transaction tx = new TransactionImpl(storage);
        int moved = 0;
        DeviceSubscriptionCopy addressing = new DeviceSubscriptionCopy();
        addressing.init(DeviceSubscriptionCopy.properties(clientId, queueManager, filter, qos, noLocal));
        try (LinkedListIterator<MessageReference> references = durable.iterator()) {
            while (references.hasNext()) {
                MessageReference reference = references.next();
                Message original = reference.getMessage();
                Message copy = original.copy(storage.generateID());
                copy.putStringProperty(Message.HDR_ORIGINAL_ADDRESS, SimpleString.of(original.getAddress()));
                copy.setAddress(MqObjectNames.TRANSMIT_QUEUE);
                copy.setRoutingType(RoutingType.ANYCAST);
                server.getPostOffice().route(addressing.transform(copy), tx, false);
                durable.acknowledge(tx, reference);
                moved++;
            }
        }
        tx.commit();
        server.destroyQueue(durable.getName(), null, false, true);
        server.deployDivert(divert(name, clientId, queueManager, filter, qos, noLocal));
        server.destroyDivert(SimpleString.of(standIn), DELETE_STORED);
        adopted.put(name, moved);
        BridgeLog.durableSubscriptionAdopted(name, clientId, moved);
    }

    /** Old durable subscriptions turned into device subscriptions since start, with the messages moved. */
    public Map<String, Integer> adopted() {
        return Map.copyOf(adopted);
    }

    private ActiveMQServer server() {
        return broker.server();
    }
}
