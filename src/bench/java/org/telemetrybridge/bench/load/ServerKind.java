package org.telemetrybridge.bench.load;

/**
 * The servers a scenario can run against, and how each names things: the bridge maps an MQTT topic
 * to the JMS topic of the same name; Artemis' MQTT acceptor maps {@code /} to its address delimiter
 * {@code .} and {@code +} to {@code *}; Mosquitto has no JMS side.
 */
public enum ServerKind {
    BRIDGE(true, true),
    ARTEMIS(true, true),
    MOSQUITTO(false, false);

    private final boolean jvm;
    private final boolean jms;

    ServerKind(boolean jvm, boolean jms) {
        this.jvm = jvm;
        this.jms = jms;
    }

    public boolean jvm() {
        return jvm;
    }

    public boolean hasJms() {
        return jms;
    }

    /** The JMS topic name a JMS application uses for an MQTT topic or filter. */
    public String jmsTopic(String mqttTopic) {
        return this == ARTEMIS ? mqttTopic.replace('/', '.').replace('+', '*') : mqttTopic;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ServerKind of(String label) {
        return valueOf(label.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
