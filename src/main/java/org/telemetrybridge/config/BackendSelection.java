package org.telemetrybridge.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Which backend runs: {@code bridge.backend=ibmmq} (or, when {@code bridge.backend} is not set, the
 * presence of {@code ibm.mq.queue-manager}) selects IBM MQ; {@code bridge.backend=artemis} the stand-in
 * run by another process, over TCP ({@code bridge.artemis.*}); otherwise the embedded stand-in runs.
 */
public final class BackendSelection {

    public static final String PROPERTY = "bridge.backend";
    public static final String EMBEDDED = "embedded";
    public static final String IBM_MQ = "ibmmq";
    public static final String ARTEMIS = "artemis";

    private BackendSelection() {
    }

    public static boolean ibmMqSelected(Environment environment) {
        return selected(environment).equals(IBM_MQ);
    }

    /** {@link #EMBEDDED}, {@link #IBM_MQ} or {@link #ARTEMIS}. */
    static String selected(Environment environment) {
        String backend = environment.getProperty(PROPERTY);
        if (backend != null && !backend.isBlank()) {
            String chosen = backend.trim().toLowerCase(java.util.Locale.ROOT);
            if (!chosen.equals(EMBEDDED) && !chosen.equals(IBM_MQ) && !chosen.equals(ARTEMIS)) {
                throw new IllegalStateException(PROPERTY + " must be '" + EMBEDDED + "', '" + IBM_MQ + "' or '"
                        + ARTEMIS + "', was '" + backend + "'");
            }
            return chosen;
        }
        return environment.containsProperty("ibm.mq.queue-manager")
                || environment.containsProperty("ibm.mq.queueManager") ? IBM_MQ : EMBEDDED;
    }

    /** Matches when the embedded stand-in is the backend. */
    public static final class OnEmbedded implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return selected(context.getEnvironment()).equals(EMBEDDED);
        }
    }

    /** Matches when the stand-in of another process, reached over TCP, is the backend. */
    public static final class OnArtemis implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return selected(context.getEnvironment()).equals(ARTEMIS);
        }
    }

    /** Matches when IBM MQ is the backend. */
    public static final class OnIbmMq implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return ibmMqSelected(context.getEnvironment());
        }
    }
}
