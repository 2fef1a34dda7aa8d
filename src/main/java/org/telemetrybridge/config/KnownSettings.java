package org.telemetrybridge.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every setting the bridge reads under its own prefixes ({@code bridge.*}, {@code ibm.mq.*}), taken
 * from its {@link ConfigurationProperties} records, so that a setting nobody reads (a misspelt one) can
 * be named instead of silently ignored. A map of records ({@code bridge.listeners.<name>.port}) is a
 * pattern with a free segment.
 */
final class KnownSettings {

    /** The prefixes whose every key the bridge owns. */
    static final List<String> OWNED_PREFIXES = List.of("bridge.", "ibm.mq.");
    /** Read directly from the environment, not through a properties record. */
    private static final List<String> READ_DIRECTLY = List.of(BackendSelection.PROPERTY,
            UnknownSettingsCheck.MODE_PROPERTY);
    private static final String ANY_SEGMENT = "*";
    /** Stands for a bracketed segment in canonical keys. */
    private static final String BRACKETED = "~";

    /** Canonical keys (lower case, no dashes or underscores); {@code *} stands for any one segment. */
    private final List<String[]> patterns = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private KnownSettings() {
    }

    /** The settings of the properties records in the bridge's packages; scanned once per process. */
    static KnownSettings ofBridge() {
        return BridgeSettings.KNOWN;
    }

    /** Holds the scan, made on first use: every Spring context of the process (doctor, tests) asks again. */
    private static final class BridgeSettings {
        static final KnownSettings KNOWN = scan();
    }

    private static KnownSettings scan() {
        KnownSettings known = new KnownSettings();
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        scanner.findCandidateComponents("org.telemetrybridge").forEach(candidate -> {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), KnownSettings.class.getClassLoader());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            known.addRecord(prefix, type);
        });
        READ_DIRECTLY.forEach(known::add);
        return known;
    }

    /** For tests: the settings of the given records under their prefixes. */
    static KnownSettings of(Map<String, Class<?>> records) {
        KnownSettings known = new KnownSettings();
        records.forEach(known::addRecord);
        return known;
    }

    private void addRecord(String prefix, Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type + ": settings are records in this project");
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + "." + kebab(component.getName());
            addValue(key, component.getType(), component.getGenericType());
        }
    }

    private void addValue(String key, Class<?> type, Type genericType) {
        if (type.isRecord()) {
            addRecord(key, type);
        } else if (Map.class.isAssignableFrom(type) && genericType instanceof ParameterizedType map
                && map.getActualTypeArguments()[1] instanceof Class<?> valueType && valueType.isRecord()) {
            addRecord(key + "." + ANY_SEGMENT, valueType);
        } else if (Map.class.isAssignableFrom(type)) {
            add(key + "." + ANY_SEGMENT);
        } else {
            add(key);
        }
    }

    private void add(String key) {
        names.add(key);
        patterns.add(canonical(key).split("\\."));
    }

    /** Whether a key given in any of Spring's relaxed forms is one the bridge reads. */
    boolean contains(String key) {
        String[] segments = canonical(key).split("\\.");
        if (patterns.stream().anyMatch(pattern -> matches(pattern, segments))) {
            return true;
        }
        // A list element of a plain setting: bridge.x[0]
        return segments[segments.length - 1].equals(BRACKETED) && patterns.stream().anyMatch(pattern ->
                matches(pattern, java.util.Arrays.copyOf(segments, segments.length - 1)));
    }

    /** Whether an environment variable (e.g. {@code BRIDGE_EMBEDDED_DATA_DIR}) sets a setting the bridge reads. */
    boolean containsVariable(String variable) {
        String flat = flat(variable);
        return patterns.stream().anyMatch(pattern -> variableMatches(pattern, flat));
    }

    /** The known setting closest to a misspelt one, if one is close enough to be meant. */
    Optional<String> closest(String key) {
        String wanted = key.toLowerCase(Locale.ROOT);
        LevenshteinDistance distance = new LevenshteinDistance(Math.max(3, wanted.length() / 5));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int d = distance.apply(wanted, name);
            if (d >= 0 && d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    Collection<String> names() {
        return List.copyOf(names);
    }

    private static boolean matches(String[] pattern, String[] segments) {
        if (pattern.length != segments.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals(ANY_SEGMENT) && !pattern[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** An environment variable loses the dots: match the flattened pattern, any segment being one or more characters. */
    private static boolean variableMatches(String[] pattern, String flat) {
        StringBuilder regex = new StringBuilder();
        for (String segment : pattern) {
            regex.append(segment.equals(ANY_SEGMENT) ? "[a-z0-9]+" : java.util.regex.Pattern.quote(segment));
        }
        return flat.matches(regex.toString());
    }

    /**
     * Spring's canonical form: lower case, no dashes or underscores; a bracketed map key or list index
     * ({@code [SENSOR*]}, {@code [0]}), which may hold any character, is one segment of its own.
     */
    static String canonical(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("\\[[^]]*]", "." + BRACKETED).replace("-", "").replace("_", "");
    }

    private static String flat(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace("_", "").replace(".", "").replace("-", "");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
