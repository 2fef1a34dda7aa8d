package org.telemetrybridge.backend.ibmmq;

import java.util.List;

/**
 * What the inquiry learned of MQ Telemetry (MQXR) on the queue manager: both it and the bridge would
 * drain SYSTEM.MQTT.TRANSMIT.QUEUE and serve the same devices.
 *
 * @param serviceStatus MQSVC_STATUS_* of SYSTEM.MQXR.SERVICE, or null if it has no status (never started,
 *                      stopped, not defined) or could not be inquired
 * @param startMode     its CONTROL, MQSVC_CONTROL_* (MQSVC_CONTROL_Q_MGR: it starts with the queue manager),
 *                      or null if it is not defined
 * @param mqttChannels  "name port" of each telemetry channel (CHLTYPE(MQTT)); empty if there are none or
 *                      they could not be inquired (the MQXR service answers that command, so it cannot
 *                      while the service is stopped)
 */
public record MqTelemetryFacts(Integer serviceStatus, Integer startMode, List<String> mqttChannels) {

    /** The MQ Telemetry service as IBM names it (IBM: "Telemetry (MQXR) service"). */
    public static final String SERVICE = "SYSTEM.MQXR.SERVICE";

    public static final MqTelemetryFacts NOT_INQUIRED = new MqTelemetryFacts(null, null, List.of());

    public MqTelemetryFacts {
        mqttChannels = List.copyOf(mqttChannels);
    }
}
