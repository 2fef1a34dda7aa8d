package org.telemetrybridge.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import org.telemetrybridge.BridgeVersion;

/**
 * Names the bridge's own version (unless set otherwise), so that structured logs
 * ({@code service.version}) carry it rather than whatever version the launching jar's manifest gives. Registered in META-INF/spring.factories.
 */
public final class BridgeVersionProperty implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String version = BridgeVersion.version();
        // Last: any setting of the user's wins. The structured-log keys are named as well, since Spring
        // sets spring.application.version from the launching class's jar (under a test runner, its own).
        environment.getPropertySources().addLast(new MapPropertySource("bridgeVersion", Map.of(
                "spring.application.version", version,
                "logging.structured.ecs.service.version", version,
                "logging.structured.gelf.service.version", version)));
    }
}
