package org.telemetrybridge.backend.ibmmq;

/**
 * The form in which the bridge puts a device's publication on IBM MQ ({@code ibm.mq.publication-form}).
 * See docs/ibmmq.md, "What MQ applications receive".
 */
public enum PublicationForm {

    /**
     * A JMS BytesMessage with the user properties {@code mqtt_qos}, {@code mqtt_clientid} and
     * {@code mqtt_bridge}: JMS applications read the client id and QoS; MQ classes for JMS put an
     * MQRFH2 with {@code mcd}, {@code jms} and {@code usr} folders, which an MQI application doing a
     * plain MQGET under PROPCTL(COMPAT) receives in front of the payload. The default, as before.
     */
    JMS,

    /**
     * As MQ Telemetry put it: the payload behind an MQRFH2 of the bridge's own holding only an
     * {@code mqtt} folder (clientId, qos), no JMS folders; an MQI application doing a plain MQGET under
     * PROPCTL(COMPAT) receives the bare payload; JMS applications see the client id and QoS no longer.
     */
    MQ_TELEMETRY
}
