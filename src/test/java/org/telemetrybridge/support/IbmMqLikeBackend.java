package org.telemetrybridge.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.jms.IbmMqLikeDialect;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.config.JmsProperties;

/**
 * Runs the whole bridge on the embedded broker with IBM MQ's acknowledgement semantics (one
 * acknowledge covers everything a session consumed, no last-value queues), so the code paths the IBM
 * MQ backend takes run end to end without a queue manager.
 */
@TestConfiguration(proxyBeanMethods = false)
public class IbmMqLikeBackend {

    @Bean(initMethod = "start", destroyMethod = "stop")
    @Primary
    JmsBackend backendWithIbmMqAcknowledgement(EmbeddedBroker broker, JmsProperties properties) {
        return new JmsBackend(new IbmMqLikeDialect(EmbeddedBackendConfiguration.dialect(broker), 50), properties.publisherThreads(),
                properties.reconnectBackOff());
    }
}
