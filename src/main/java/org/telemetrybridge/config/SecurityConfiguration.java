package org.telemetrybridge.config;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.security.FileSecurityPolicies;
import org.telemetrybridge.security.GuessingDelay;
import org.telemetrybridge.security.SecurityFileException;
import org.telemetrybridge.security.SecurityPolicies;

/**
 * The MQTT listeners' security from {@code bridge.security.*}: password file, JAAS, ACL file. A test or
 * deployment {@code Authenticator} or {@code Authorizer} bean still replaces the one made here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    /** Refused logins, by listener and refusal (bad_credentials, not_authorized). */
    static final String FAILURES = "bridge.mqtt.authentication.failures";

    @Bean
    SecurityPolicies securityPolicies(SecurityProperties properties, MeterRegistry registry)
            throws SecurityFileException {
        SecurityProperties.FailureDelay delay = properties.failureDelay();
        return new FileSecurityPolicies(new FileSecurityPolicies.Settings(properties.passwordFile(),
                properties.aclFile(), properties.jaasConfig(), properties.jaasEntry(), properties.reloadInterval(),
                properties.authenticationThreads(), properties.maxPendingAuthentications(),
                new GuessingDelay(delay.initial(), delay.max(), delay.forgetAfter(), delay.maxAddresses(),
                        System::nanoTime)),
                (listener, refusal) -> Counter.builder(FAILURES)
                        .description("MQTT logins refused, by listener and reason")
                        .tag("listener", listener).tag("reason", refusal.name().toLowerCase(Locale.ROOT))
                        .register(registry).increment());
    }
}
