package org.telemetrybridge.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.backend.jms.JmsTransmitQueue;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.mqtt.MqttSettings;
import org.telemetrybridge.security.SecurityPolicies;
import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.session.PointToPoint;
import org.telemetrybridge.session.SessionJanitor;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.session.SessionSettings;
import org.telemetrybridge.session.TakeOverWatch;
import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.Authorizer;
import org.telemetrybridge.session.port.DeviceSubscriptions;

/**
 * Wires the bridge: the backend (from {@link EmbeddedBackendConfiguration} or the IBM MQ configuration),
 * the session core and the MQTT listener, started in that order.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MqttProperties.class, ListenersProperties.class, ClientIdProperties.class, SessionProperties.class,
        JmsProperties.class, TransmitProperties.class, TopicProperties.class, SharedSubscriptionProperties.class})
public class BridgeConfiguration {

    @Bean(destroyMethod = "shutdown")
    ExecutorService backendExecutor(JmsProperties properties) {
        return Executors.newFixedThreadPool(properties.workerThreads(),
                Thread.ofPlatform().name("tb-backend-", 1).daemon().factory());
    }

    @Bean
    SessionRegistry sessionRegistry(JmsBackend backend, SessionProperties properties, ExecutorService backendExecutor,
                                    ClientIdRule clientIdRule, ObjectProvider<DeviceSubscriptions> deviceSubscriptions,
                                    SharedSubscriptionProperties sharedSubscriptions) {
        // Each backend's configuration makes its own: diverts (embedded), MQ subscriptions (IBM MQ).
        SessionRegistry registry = new SessionRegistry(backend,
                deviceSubscriptions.getIfAvailable(() -> new NoDeviceSubscriptions(backend.describe())),
                new SessionSettings(properties.maxInflight(), properties.maxQueuedMessages(),
                        properties.slowClientTimeout()), backendExecutor,
                new TakeOverWatch(new TakeOverWatch.Settings(properties.takeoverFlappingCount(),
                        properties.takeoverFlappingWindow(), properties.takeoverHoldOff())), clientIdRule);
        registry.shareGroupLimits(sharedSubscriptions.maxGroups(), sharedSubscriptions.maxMembers());
        // Restores stored sessions now if the backend is connected, else once it connects.
        registry.start();
        return registry;
    }

    @Bean
    SessionJanitor sessionJanitor(SessionRegistry registry, SessionProperties properties) {
        return new SessionJanitor(registry, new SessionJanitor.Settings(properties.expiry(),
                properties.expiryByClientId()));
    }

    /** Sweeps away sessions past their expiry, on a thread of its own, every janitor-interval. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService sessionJanitorThread(SessionJanitor janitor, SessionProperties properties) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("tb-session-janitor").daemon().factory());
        janitor.expireOnTime(thread);
        long interval = Math.max(1, properties.janitorInterval().toMillis());
        thread.scheduleWithFixedDelay(() -> {
            try {
                janitor.sweep(System.currentTimeMillis());
            } catch (RuntimeException e) {
                BridgeLog.sessionExpiryFailed("(sweep)", e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        return thread;
    }

    @Bean
    ClientIdRule clientIdRule(ClientIdProperties properties) {
        return new ClientIdRule(properties.rule(), properties.maxLength());
    }

    @Bean
    JmsTransmitQueue transmitQueue(JmsBackend backend, TransmitProperties properties, MqttProperties mqtt) {
        return new JmsTransmitQueue(backend, new JmsTransmitQueue.Settings(properties.persistentQos(),
                properties.holdTime(), mqtt.maxPacketSize().toBytes()));
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    PointToPoint pointToPoint(SessionRegistry registry, JmsTransmitQueue transmitQueue, ClientIdRule clientIdRule,
                              TransmitProperties properties) {
        return new PointToPoint(registry, transmitQueue, clientIdRule, properties.maxHeldPerClient(),
                properties.heldReaderLinger(), properties.maxHeldReaders());
    }

    @Bean
    MqttServer mqttServer(MqttProperties mqtt, ListenersProperties listeners, ClientIdRule clientIdRule,
                          SessionRegistry registry, JmsBackend backend, PointToPoint pointToPoint, TopicProperties topics,
                          SslBundles sslBundles, ObjectProvider<SecurityPolicies> security,
                          ObjectProvider<Authenticator> authenticator, ObjectProvider<Authorizer> authorizer) {
        int ioThreads = mqtt.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : mqtt.ioThreads();
        MqttSettings settings = new MqttSettings((int) mqtt.maxPacketSize().toBytes(), mqtt.connectTimeout(),
                ioThreads, (int) Math.min(65_535, mqtt.maxKeepAlive().toSeconds()),
                mqtt.partialPacketBudget(), mqtt.packetArrivalTimeout(), mqtt.receiveMaximum(),
                mqtt.topicAliasMaximum(), mqtt.outboundTopicAliasMaximum());
        MqttListenerPlan plan = new MqttListenerPlan(mqtt, sslBundles, security.getIfAvailable(() -> SecurityPolicies.OPEN),
                clientIdRule, topics.limits(), authenticator.getIfAvailable(), authorizer.getIfAvailable());
        return new MqttServer(settings, registry, plan.listeners(listeners.listeners()));
    }

    /** Opens the MQTT listener once everything behind it is ready, and closes it first on shutdown. */
    @Bean
    SmartLifecycle mqttListenerLifecycle(MqttServer server, JmsBackend backend) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                server.start();
                running = true;
                BridgeLog.bridgeStarted(backend.describe(), "MQTT port " + server.port());
            }

            @Override
            public void stop() {
                BridgeLog.bridgeStopping();
                server.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
