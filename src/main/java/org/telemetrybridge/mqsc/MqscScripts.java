package org.telemetrybridge.mqsc;

import java.util.List;

/**
 * The scripts a queue manager (or the embedded stand-in) is set up with, in the order applied, and
 * where they came from, for logs.
 */
public record MqscScripts(String source, List<MqscScript> scripts) {

    public MqscScripts {
        scripts = List.copyOf(scripts);
    }

    public static MqscScripts none() {
        return new MqscScripts("nowhere", List.of());
    }
}
