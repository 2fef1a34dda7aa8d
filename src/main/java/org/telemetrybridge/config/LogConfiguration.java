package org.telemetrybridge.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.log.BridgeLog;

/** Applies the {@code bridge.log.*} settings to the message catalogue, which is static. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LogProperties.class)
public class LogConfiguration {

    public LogConfiguration(LogProperties properties) {
        BridgeLog.limitRepeats(properties.repeatsInFull());
    }
}
