package org.telemetrybridge.config;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The MQTT listeners ({@code bridge.listeners.<name>.*}), in the order they are configured. The
 * listener {@code default} always exists unless disabled: {@code bridge.mqtt.port} is its shorthand.
 */
@Validated
@ConfigurationProperties("bridge")
public record ListenersProperties(Map<String, @Valid ListenerProperties> listeners) {

    public ListenersProperties {
        listeners = listeners == null ? Map.of() : new LinkedHashMap<>(listeners);
    }
}
