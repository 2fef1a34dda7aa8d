package org.telemetrybridge.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.backend.embedded.RemoteArtemisDialect;
import org.telemetrybridge.backend.embedded.RemoteDeviceSubscriptions;
import org.telemetrybridge.backend.jms.JmsBackend;

/**
 * The stand-in of another process over TCP ({@code bridge.backend=artemis}): like the IBM MQ backend, it
 * starts even if the broker is not reachable, and retries with backoff.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BackendSelection.OnArtemis.class)
@EnableConfigurationProperties(ArtemisBackendProperties.class)
public class ArtemisBackendConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    JmsBackend backend(ArtemisBackendProperties artemis, JmsProperties properties) {
        RemoteArtemisDialect dialect = new RemoteArtemisDialect(artemis.url(), artemis.user(), artemis.password(),
                EmbeddedBackendConfiguration.transmitDecoders());
        return new JmsBackend(dialect, properties.publisherThreads(), properties.reconnectBackOff(),
                properties.maxWaitingPublications());
    }

    /** Persistent sessions' subscriptions: the embedded stand-in's diverts, made through the broker's management. */
    @Bean
    RemoteDeviceSubscriptions deviceSubscriptions(JmsBackend backend) {
        return new RemoteDeviceSubscriptions(backend::connection);
    }
}
