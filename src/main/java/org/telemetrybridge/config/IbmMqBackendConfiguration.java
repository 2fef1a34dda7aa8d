package org.telemetrybridge.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.backend.ibmmq.IbmMqDialect;
import org.telemetrybridge.backend.ibmmq.QueueManagerChecks;
import org.telemetrybridge.backend.ibmmq.QueueManagerSubscriptions;
import org.telemetrybridge.backend.jms.JmsBackend;

/**
 * The IBM MQ backend ({@code bridge.backend=ibmmq}, or {@code ibm.mq.queue-manager} set). The backend
 * starts even if the queue manager is not reachable: it retries with backoff, readiness stays DOWN
 * and CONNECT is answered "server unavailable" until it connects.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BackendSelection.OnIbmMq.class)
@EnableConfigurationProperties(IbmMqProperties.class)
public class IbmMqBackendConfiguration {

    @Bean
    IbmMqDialect ibmMqDialect(IbmMqProperties properties, ObjectProvider<SslBundles> bundles) {
        return new IbmMqDialect(properties.toSettings(bundles.getIfAvailable()));
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    JmsBackend backend(IbmMqDialect dialect, JmsProperties properties) {
        return new JmsBackend(dialect, properties.publisherThreads(), properties.reconnectBackOff(),
                properties.maxWaitingPublications());
    }

    /**
     * Inquires the queue manager (PCF) each time the backend connects: the bridge sizes itself by its
     * MAXHANDS and dead-letters to its DEADQ. The checks of its set-up are logged if enabled.
     */
    @Bean
    QueueManagerChecks.OnConnect queueManagerChecks(IbmMqProperties properties, IbmMqDialect dialect,
                                                    JmsBackend backend, MqttProperties mqtt) {
        QueueManagerChecks.OnConnect checks = new QueueManagerChecks.OnConnect(dialect, properties.startupChecks(),
                mqtt.maxPacketSize().toBytes());
        backend.addListener(checks);
        return checks;
    }

    /**
     * Persistent sessions' subscriptions, as MQ Telemetry made them: MQ subscriptions named
     * {@code ClientIdentifier:TopicFilter} that put onto SYSTEM.MQTT.TRANSMIT.QUEUE, addressed to the
     * client, on one MQ connection of their own (docs/ibmmq.md, "Durable subscriptions").
     */
    @Bean(destroyMethod = "close")
    QueueManagerSubscriptions deviceSubscriptions(IbmMqDialect dialect, JmsProperties properties) {
        return new QueueManagerSubscriptions(dialect.settings(), properties.reconnectBackOff());
    }
}
