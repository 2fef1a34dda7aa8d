package org.telemetrybridge.backend.jms;

/**
 * Names of the queues the bridge uses. An MQTT topic is the JMS topic of the same name
 * ({@code session.createTopic(topic)}): on IBM MQ the topic string under SYSTEM.BASE.TOPIC.
 */
final class Destinations {

    /** The persistent MQTT sessions, one message per client id (the name MQ Telemetry used). */
    static final String SESSION_STATE_QUEUE = "SYSTEM.MQTT.PERSISTENT.STATE";

    private Destinations() {
    }
}
