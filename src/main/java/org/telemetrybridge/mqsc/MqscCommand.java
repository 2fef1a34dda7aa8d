package org.telemetrybridge.mqsc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One MQSC command as the queue manager would see it: keywords and unquoted values folded to upper
 * case, quoted values as written (doubled quotes made single), synonyms such as {@code DEF QL}
 * expanded to {@code DEFINE QLOCAL}.
 *
 * @param location   where the command starts
 * @param verb       DEFINE, ALTER, SET, DELETE, START ...
 * @param objectType the noun after the verb: QLOCAL, CHANNEL, CHLAUTH, AUTHREC, QMGR ...; empty for a
 *                   verb alone (END)
 * @param name       the value in parentheses after the noun ({@code QLOCAL('A.B')} gives {@code A.B});
 *                   empty when the noun has none (QMGR, AUTHREC)
 * @param parameters the remaining keywords in the order written, each with its values (none for a
 *                   keyword without parentheses, such as REPLACE; several for a list such as AUTHADD)
 */
public record MqscCommand(MqscLocation location, String verb, String objectType, String name,
        Map<String, List<String>> parameters) {

    public MqscCommand {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    public boolean has(String keyword) {
        return parameters.containsKey(keyword);
    }

    /** The single value of a keyword, or empty if the keyword is absent or has no value. */
    public Optional<String> value(String keyword) {
        List<String> values = parameters.get(keyword);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> values(String keyword) {
        return parameters.getOrDefault(keyword, List.of());
    }

    /** "DEFINE QLOCAL", "SET AUTHREC": the kind of command, for logs and summaries. */
    public String kind() {
        return objectType.isEmpty() ? verb : verb + " " + objectType;
    }
}
