package org.telemetrybridge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import org.telemetrybridge.log.BridgeLog;

/**
 * Refuses to start with a setting under the bridge's prefixes that nothing reads: a misspelt
 * {@code --bridge.mqtt.prot=1884} or {@code --ibm.mq.queue-manger=QMX} would otherwise be ignored
 * without a word, and the bridge would run on defaults the operator did not choose. Environment
 * variables only warn: a platform may set variables that merely start like the bridge's (Kubernetes
 * names service variables after the service). {@code bridge.unknown-settings=warn} turns the refusal
 * into a warning, e.g. for a configuration shared with a newer version. Registered in
 * META-INF/spring.factories, so the {@code doctor} command's settings are checked too.
 */
public final class UnknownSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String MODE_PROPERTY = "bridge.unknown-settings";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment(), KnownSettings.ofBridge());
    }

    static void check(ConfigurableEnvironment environment, KnownSettings known) {
        List<String> refused = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            boolean variables = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName());
            for (String key : enumerable.getPropertyNames()) {
                if (variables) {
                    checkVariable(key, known);
                } else if (owned(key) && !known.contains(key)) {
                    BridgeLog.unknownSetting(key, source.getName(), known.closest(key).orElse(null));
                    refused.add(key);
                }
            }
        }
        boolean warnOnly = "warn".equalsIgnoreCase(environment.getProperty(MODE_PROPERTY, "fail").trim());
        if (!refused.isEmpty() && !warnOnly) {
            throw new IllegalStateException("Unknown settings " + refused + ": nothing in the bridge reads them."
                    + " Correct the spelling (see the TBR0240E lines), or set " + MODE_PROPERTY + "=warn");
        }
    }

    private static void checkVariable(String variable, KnownSettings known) {
        String lower = variable.toLowerCase(Locale.ROOT);
        boolean ownedVariable = lower.startsWith("bridge_") || lower.startsWith("ibm_mq_");
        if (ownedVariable && !known.containsVariable(variable)) {
            BridgeLog.unknownVariable(variable);
        }
    }

    private static boolean owned(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return KnownSettings.OWNED_PREFIXES.stream().anyMatch(lower::startsWith);
    }
}
