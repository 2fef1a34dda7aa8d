package org.telemetrybridge.backend.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManagerImpl;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.log.BridgeLog;

/**
 * The embedded stand-in queue manager: an ActiveMQ Artemis broker in the bridge's process, reached
 * in-VM by the bridge and over TCP by local JMS applications. It is set up to behave like the MQ
 * topic tree the bridge expects: topic wildcards are {@code +} and {@code #} with {@code /} between
 * levels, retained publications are kept, and messages are never moved to a dead-letter queue just
 * because a device reconnected often.
 */
public final class EmbeddedBroker {

    /** The dead-letter queue, named as on IBM MQ. */

    /** Queues the broker configures itself; MQSC scripts may name them but never change what they are. */
    private static final Set<String> BUILT_IN_QUEUES = Set.of(MqObjectNames.SESSION_STATE_QUEUE,
            MqObjectNames.RETAINED_QUEUE, MqObjectNames.DEAD_LETTER_QUEUE, MqObjectNames.ACTIVE_LOCK_QUEUE);

    /** Artemis' own names: management and notification addresses, internal store-and-forward ones. */
    private static final List<String> RESERVED_PREFIXES = List.of("activemq.", "$.artemis.", "$sys");

    private static final AtomicInteger IN_VM_IDS = new AtomicInteger();
    /** Larger than any MQTT packet the bridge accepts, so its messages are never "large" (streamed) ones. */
    static final int MIN_LARGE_MESSAGE_SIZE = 300 * 1024 * 1024;

    /** The bridge's own in-VM connection; its password lives in this process only, new at every start. */
    private static final String BRIDGE_ROLE = "bridge";
    /** The JMS applications' user (bridge.embedded.jms-user). */
    private static final String APPLICATION_ROLE = "application";

    private final EmbeddedSettings settings;
    private final JmsCredentials bridgeUser = JmsCredentials.internal("telemetry-bridge");
    private final int inVmId = IN_VM_IDS.incrementAndGet();
    private final RetainedPublications retained = new RetainedPublications();
    private final RetainedPublicationsPlugin retainedPlugin = new RetainedPublicationsPlugin(retained);
    private final TopicInterest interest = new TopicInterest();
    private EmbeddedActiveMQ embedded;
    private String defaultTransmitQueue = "";

    public EmbeddedBroker(EmbeddedSettings settings) {
        this.settings = settings;
    }

    public void start() {
        MqscApplier.check(settings.mqsc().scripts());
        BindingsSetAside.run(settings.dataDir().toAbsolutePath());
        try {
            embedded = new EmbeddedActiveMQ();
            embedded.setConfiguration(configuration());
            embedded.setSecurityManager(securityManager());
            embedded.start();
            // Broker events (a consumer was added, a queue created...) go to activemq.notifications,
            // a one-level address every MQTT "#" and "+" subscription would match. Nothing in the
            // bridge uses them.
            server().getManagementService().enableNotifications(false);
        } catch (Exception e) {
            throw new IllegalStateException("The embedded broker did not start (journal in "
                    + settings.dataDir().toAbsolutePath() + "): " + e.getMessage(), e);
        }
        requireJmsAcceptor();
        requireActive();
        retainedPlugin.load();
        interest.load(server());
        defaultTransmitQueue = MqscApplier.apply(server(), BUILT_IN_QUEUES, settings.mqsc().scripts(),
                settings.mqsc().source());
        BridgeLog.embeddedBrokerStarted(settings.dataDir().toAbsolutePath().toString(),
                settings.jmsPort() < 0 ? "off" : "tcp://" + settings.jmsHost() + ":" + jmsPort());
        if (settings.jmsPort() >= 0) {
            BridgeLog.jmsAcceptorSecured(settings.jmsUser().user(), settings.jmsUser().source());
        }
    }

    /** Artemis logs a failure to activate (a journal it cannot load, say) and returns as if started. */
    private void requireActive() {
        if (server().isActive()) {
            return;
        }
        String journal = settings.dataDir().toAbsolutePath().toString();
        BridgeLog.embeddedBrokerNotActive(journal);
        stop();
        throw new IllegalStateException("The embedded broker did not become active (journal in " + journal + ")");
    }

    /**
     * Artemis logs an acceptor it cannot bind and carries on half-started (not active): the bridge
     * would then refuse every client as "server unavailable". A taken port stops the start here, with
     * one line that names it.
     */
    private void requireJmsAcceptor() {
        if (settings.jmsPort() < 0) {
            return;
        }
        // The acceptor counts as started even when its bind failed; its port stays 0 then. There is no
        // acceptor at all when the broker failed before creating it: requireActive() reports that.
        NettyAcceptor acceptor = (NettyAcceptor) server().getRemotingService().getAcceptor("tcp");
        if (acceptor == null || acceptor.getActualPort() > 0) {
            return;
        }
        String address = settings.jmsHost() + ":" + settings.jmsPort();
        BridgeLog.jmsPortUnavailable(address);
        stop();
        throw new IllegalStateException("The embedded broker's JMS acceptor could not bind " + address
                + " (bridge.embedded.jms-port)");
    }

    public void stop() {
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (Exception e) {
                throw new IllegalStateException("The embedded broker did not stop cleanly", e);
            }
            embedded = null;
        }
    }

    /** A connection factory for the bridge itself, in-VM. */
    public ActiveMQConnectionFactory connectionFactory() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://" + inVmId);
        factory.setUser(bridgeUser.user());
        factory.setPassword(bridgeUser.password());
        factory.setMinLargeMessageSize(MIN_LARGE_MESSAGE_SIZE);
        return factory;
    }

    /** The port of the TCP acceptor for JMS applications, or -1 if it is off. */
    public int jmsPort() {
        if (settings.jmsPort() < 0) {
            return -1;
        }
        return ((NettyAcceptor) server().getRemotingService().getAcceptor("tcp")).getActualPort();
    }

    /** The user and password JMS applications connect with. */
    public JmsCredentials jmsCredentials() {
        return settings.jmsUser();
    }

    public String jmsUrl() {
        return "tcp://" + settings.jmsHost() + ":" + jmsPort();
    }

    /** The DEFXMITQ the MQSC scripts set, as a queue manager would hold it; empty if none did. */
    public String defaultTransmitQueue() {
        return defaultTransmitQueue;
    }

    public ActiveMQServer server() {
        return embedded.getActiveMQServer();
    }

    /**
     * Topics and queues share one address space in Artemis, beside the broker's own addresses. Devices
     * see only the MQTT topic space: not the management address (a message there is a management
     * request), not the broker's internal addresses, not the queues (SYSTEM.MQTT.*, the dead-letter
     * queue, those of the MQSC scripts), which on IBM MQ are not topics at all.
     *
     * @return null if devices may publish or subscribe to it, otherwise why not
     */
    String reservedTopic(String topicOrFilter) {
        String reserved = reservedPrefix(topicOrFilter);
        if (reserved != null) {
            return reserved;
        }
        AddressInfo address = server().getAddressInfo(SimpleString.of(topicOrFilter));
        if (address != null && address.getRoutingTypes().contains(RoutingType.ANYCAST)) {
            return "'" + topicOrFilter + "' is a queue of the embedded broker, not a topic";
        }
        return null;
    }

    /** Why a topic is the broker's own by its name alone (management, notifications), or null. */
    static String reservedPrefix(String topicOrFilter) {
        for (String prefix : RESERVED_PREFIXES) {
            if (topicOrFilter.startsWith(prefix)) {
                return "names starting with '" + prefix + "' are the embedded broker's own";
            }
        }
        return null;
    }

    /** Whether a JMS application or a durable subscription subscribes to the topic. */
    boolean anyoneSubscribes(String topic) {
        return interest.anyoneSubscribes(topic);
    }

    RetainedPublications retained() {
        return retained;
    }

    private Configuration configuration() throws Exception {
        Path data = settings.dataDir().toAbsolutePath();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("telemetry-bridge");
        config.setPersistenceEnabled(true);
        // Every connection logs in, in-VM too: Artemis checks users per connection, not per acceptor.
        config.setSecurityEnabled(true);
        config.putSecurityRoles("#", Set.of(role(BRIDGE_ROLE, true), role(APPLICATION_ROLE, false)));
        config.setJMXManagementEnabled(false);
        config.setJournalType(JournalType.NIO);
        config.setJournalBufferTimeout_NIO((int) Math.min(Integer.MAX_VALUE, settings.journalBufferTimeout().toNanos()));
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(data.toString());
        config.addAcceptorConfiguration("in-vm", "vm://" + inVmId);
        if (settings.jmsPort() >= 0) {
            config.addAcceptorConfiguration("tcp", "tcp://" + settings.jmsHost() + ":" + settings.jmsPort()
                    + "?protocols=CORE;tcpNoDelay=true");
        }
        config.setWildCardConfiguration(new WildcardConfiguration()
                .setDelimiter('/').setSingleWord('+').setAnyWords('#'));
        config.addAddressSetting("#", new AddressSettings()
                // A durable subscription's message is redelivered every time its device reconnects
                // before acknowledging; that must never push it to the dead-letter queue.
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(0)
                .setDeadLetterAddress(SimpleString.of(MqObjectNames.DEAD_LETTER_QUEUE))
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAutoDeleteAddresses(true)
                .setAutoDeleteQueues(true));
        config.addQueueConfiguration(lastValueQueue(MqObjectNames.SESSION_STATE_QUEUE));
        config.addQueueConfiguration(lastValueQueue(MqObjectNames.RETAINED_QUEUE));
        config.addQueueConfiguration(queue(MqObjectNames.DEAD_LETTER_QUEUE));
        config.addQueueConfiguration(queue(MqObjectNames.TRANSMIT_QUEUE));
        config.addQueueConfiguration(queue(MqObjectNames.HELD_QUEUE));
        // Active/standby: like NOSHARE on IBM MQ, a second consumer (a second bridge) is refused.
        config.addQueueConfiguration(queue(MqObjectNames.ACTIVE_LOCK_QUEUE).setMaxConsumers(1));
        config.registerBrokerPlugin(retainedPlugin);
        config.registerBrokerPlugin(interest);
        config.registerBrokerPlugin(new ConsolidatedFlushes());
        config.registerBrokerPlugin(new AddressDepthGuard());
        return config;
    }

    /** Two users: the bridge (in-VM) and the JMS applications' user; no default user, so anonymous is refused. */
    private ActiveMQSecurityManagerImpl securityManager() {
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(bridgeUser.user(), bridgeUser.password());
        users.addRole(bridgeUser.user(), BRIDGE_ROLE);
        JmsCredentials application = settings.jmsUser();
        users.addUser(application.user(), application.password());
        users.addRole(application.user(), APPLICATION_ROLE);
        return new ActiveMQSecurityManagerImpl(users);
    }

    /**
     * The bridge may do everything (queues, durable subscriptions, the retained and state queues); a JMS
     * application what it would do on a queue manager: send, receive, browse, subscribe durably too, but
     * not manage: the broker's management address would let it change or remove the queues the bridge
     * relies on.
     */
    private static Role role(String name, boolean manage) {
        Role role = new Role();
        role.setName(name);
        role.setSend(true);
        role.setConsume(true);
        role.setBrowse(true);
        role.setCreateAddress(true);
        role.setDeleteAddress(true);
        role.setCreateDurableQueue(true);
        role.setDeleteDurableQueue(true);
        role.setCreateNonDurableQueue(true);
        role.setDeleteNonDurableQueue(true);
        role.setManage(manage);
        role.setView(manage);
        role.setEdit(manage);
        return role;
    }

    private static QueueConfiguration queue(String name) {
        return QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST).setDurable(true);
    }

    private static QueueConfiguration lastValueQueue(String name) {
        return QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST).setDurable(true).setLastValue(true);
    }
}
