package org.telemetrybridge.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.backend.jms.JmsBackend;

/**
 * Active/standby ({@code bridge.ha.mode=active-standby}) for whichever backend runs: the backend is
 * told to serve only while it holds the lock queue before it starts, so a standby bridge never loads
 * sessions or drains the transmit queue. Readiness, CONNECT refusal, health and the
 * {@code bridge.ha.active} metric follow from the backend's state.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HaProperties.class)
public class HaConfiguration {

    @Bean
    static BeanPostProcessor activeStandbyBackend(ObjectProvider<HaProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof JmsBackend backend) {
                    HaProperties ha = properties.getObject();
                    if (ha.mode() == HaProperties.Mode.ACTIVE_STANDBY) {
                        backend.useActiveLock(ha.retryBackOff());
                    }
                }
                return bean;
            }
        };
    }
}
