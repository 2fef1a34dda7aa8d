package org.telemetrybridge.backend.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

import org.telemetrybridge.session.port.BackendUnavailableException;
import org.telemetrybridge.session.port.DeviceSubscriptions;

/**
 * Device subscriptions on a stand-in broker shared over TCP ({@code bridge.backend=artemis}): the same
 * diverts as {@link EmbeddedDeviceSubscriptions} deploys in its own broker ({@link DeviceSubscriptionDivert}),
 * made through Artemis management on the bridge's JMS connection, so another bridge on the same broker
 * (a standby taking over) finds them. Management's {@code createDivert} stores the divert as
 * {@code deployDivert} does, its {@code destroyDivert} removes the stored one too; the transformer
 * {@link DeviceSubscriptionCopy} must be on the broker's classpath (the bridge's jar in its lib directory)
 * and the bridge's user needs the manage permission on the management address.
 *
 * <p>The subscriptions are read from the broker's diverts (names, then each device divert's transformer
 * properties), never from a list of the bridge's own that another bridge could make stale; which client
 * ids have any, from the names alone ({@link #clientIds()}). Every management answer is bounded in size.
 */
public final class RemoteDeviceSubscriptions implements DeviceSubscriptions {

    /** Artemis' default management address, where management requests are sent as messages. */
    static final String MANAGEMENT_ADDRESS = "activemq.management";
    /** How long one management request may take before the backend counts as unavailable. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The largest management answer read: the list of divert names is the largest, at about 100 bytes a
     * subscription, so 32 MiB is some 300,000 device subscriptions on one broker.
     */
    static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;

    private final Supplier<Connection> connection;
    /** Subscribe and unsubscribe one at a time: a divert is replaced by updating it. */
    private final Object changes = new Object();

    /** @param connection the bridge's current JMS connection to the broker, null while there is none */
    public RemoteDeviceSubscriptions(Supplier<Connection> connection) {
        this.connection = connection;
    }

    @Override
    public void subscribe(String clientId, String queueManagerName, String filter, int qos) {
        subscribe(clientId, queueManagerName, filter, qos, false);
    }

    @Override
    public void subscribe(String clientId, String queueManagerName, String filter, int qos, boolean noLocal) {
        String name = DeviceSubscriptionDivert.name(clientId, filter);
        DivertConfiguration divert = DeviceSubscriptionDivert.of(name, clientId, queueManagerName, filter, qos, noLocal);
        TransformerConfiguration copy = divert.getTransformerConfiguration();
        synchronized (changes) {
            Map<String, String> existing = deviceDivertProperties(name);
            if (copy.getProperties().equals(existing)) {
                return;
            }
            if (existing != null) {
                // A new QoS or No Local replaces the subscription [MQTT-3.8.4-3], stored like a new one.
                invoke("updateDivert", name, divert.getForwardingAddress(), divert.getFilterString(),
                        copy.getClassName(), copy.getProperties(), divert.getRoutingType().toString());
                return;
            }
            invoke("createDivert", name, divert.getRoutingName(), divert.getAddress(), divert.getForwardingAddress(),
                    divert.isExclusive(), divert.getFilterString(), copy.getClassName(), copy.getProperties(),
                    divert.getRoutingType().toString());
        }
    }

    @Override
    public boolean unsubscribe(String clientId, String filter) {
        String name = DeviceSubscriptionDivert.name(clientId, filter);
        synchronized (changes) {
            if (deviceDivertProperties(name) == null) {
                return false;
            }
            invoke("destroyDivert", name);
            return true;
        }
    }

    @Override
    public Map<String, Integer> of(String clientId) {
        Map<String, Integer> found = new TreeMap<>();
        for (Map<String, String> copy : deviceDiverts(clientId + ":")) {
            if (clientId.equals(copy.get(DeviceSubscriptionCopy.CLIENT_ID))) {
                found.put(copy.get(DeviceSubscriptionCopy.FILTER), Integer.parseInt(copy.get(DeviceSubscriptionCopy.QOS)));
            }
        }
        return found;
    }

    /**
     * From the diverts' names alone, in one management request (reading each divert's properties cost one
     * or two requests per subscription, at every connect and every leftover sweep): a device subscription's
     * divert is named {@code ClientIdentifier:TopicFilter}. A name with more than one colon (a client id or
     * a filter with one) gives every part before a colon, so the set may hold an id without subscriptions,
     * as it may for a divert of another kind named with a colon; {@link #of} reads each divert's own
     * properties and is exact.
     */
    @Override
    public Set<String> clientIds() {
        Set<String> found = new HashSet<>();
        for (Object name : divertNames()) {
            String text = name.toString();
            for (int colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
                if (colon > 0) {
                    found.add(text.substring(0, colon));
                }
            }
        }
        return found;
    }

    private Object[] divertNames() {
        return (Object[]) invoke("getDivertNames");
    }

    /** The transformer properties of every device divert whose name starts with the prefix. */
    private List<Map<String, String>> deviceDiverts(String namePrefix) {
        List<Map<String, String>> found = new ArrayList<>();
        for (Object name : divertNames()) {
            if (name.toString().startsWith(namePrefix)) {
                Map<String, String> properties = deviceDivertProperties(name.toString());
                if (properties != null) {
                    found.add(properties);
                }
            }
        }
        return found;
    }

    /** The divert's transformer properties if it is a device subscription; null if there is no such divert. */
    private Map<String, String> deviceDivertProperties(String name) {
        String resource = ResourceNames.DIVERT + name;
        Object[] answer = request(resource, "getTransformerClassName", false);
        if (answer == null || !DeviceSubscriptionCopy.class.getName().equals(answer[0])) {
            return null;
        }
        Object[] properties = request(resource, "getTransformerProperties", true);
        Map<String, String> strings = new TreeMap<>();
        ((Map<?, ?>) properties[0]).forEach((key, value) -> strings.put(key.toString(), String.valueOf(value)));
        return strings;
    }

    /** A broker operation's result; null for an operation that returns none. */
    private Object invoke(String operation, Object... arguments) {
        Object[] results = request(ResourceNames.BROKER, operation, true, arguments);
        return results == null || results.length == 0 ? null : results[0];
    }

    /**
     * One management request and its reply, on a session of its own on the bridge's connection.
     *
     * @param mustSucceed whether a refused request is a failure (else it answers null: no such resource)
     */
    private Object[] request(String resource, String operation, boolean mustSucceed, Object... arguments) {
        Connection current = connection.get();
        if (current == null) {
            throw new BackendUnavailableException("no connection to the broker for device subscriptions", null);
        }
        try {
            Session session = current.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try {
                TemporaryQueue replies = session.createTemporaryQueue();
                MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                MessageConsumer consumer = session.createConsumer(replies);
                Message request = session.createMessage();
                JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
                request.setJMSReplyTo(replies);
                producer.send(request);
                Message reply = consumer.receive(REPLY_TIMEOUT.toMillis());
                if (reply == null) {
                    throw new BackendUnavailableException("the broker did not answer " + operation + " on " + resource
                            + " within " + REPLY_TIMEOUT.toSeconds() + " s", null);
                }
                int size = ((ActiveMQMessage) reply).getCoreMessage().getBodySize();
                if (size > MAX_ANSWER_BYTES) {
                    throw new BackendUnavailableException("the broker's answer to " + operation + " on " + resource
                            + " has " + size + " bytes, more than the " + MAX_ANSWER_BYTES + " this bridge reads", null);
                }
                if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                    if (!mustSucceed) {
                        return null;
                    }
                    throw new BackendUnavailableException("the broker refused " + operation + " on " + resource + ": "
                            + JMSManagementHelper.getResult(reply), null);
                }
                return JMSManagementHelper.getResults(reply);
            } finally {
                session.close();
            }
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new BackendUnavailableException(operation + " on " + resource + " failed: " + e, e);
        }
    }
}
