package org.telemetrybridge.backend.jms;

import java.util.Map;

import org.telemetrybridge.session.port.MessageProperties;

/**
 * A message taken from SYSTEM.MQTT.TRANSMIT.QUEUE, decoded from either form: the IBM MQ form (an
 * MQXQH, possibly an MQRFH2, then the application data) or the property form (a plain JMS message
 * with the properties {@code RemoteQMgrName} and {@code RemoteQName}).
 *
 * @param targetClientId the client the message is for: RemoteQMgrName, trimmed
 * @param topic          the MQTT topic the client sees: the topic string of an MQ publication (RFH2
 *                       {@code mqps} folder) if there is one, else RemoteQName, trimmed
 * @param payload        the application data after all headers
 * @param persistent     from the embedded MQMD (or the JMS delivery mode): persistent maps to QoS 1
 * @param expiryMillis   absolute expiry time in epoch milliseconds, or 0 for none
 * @param format         the MQMD format of the application data (e.g. {@code MQSTR}), blank if unknown
 * @param ccsid          the coded character set of the application data, 0 if unknown
 * @param properties     JMS / user properties carried with the message (RFH2 {@code jms} and {@code usr}
 *                       folders, or the JMS message's own properties)
 * @param subscriptionQos the QoS of the device subscription that put the message, which caps the QoS it
 *                       is delivered at; {@link #NO_SUBSCRIPTION} for a point-to-point message (or a
 *                       publication whose subscription did not say)
 * @param mqtt5          the MQTT 5 properties the message is delivered with (expiry, payload format,
 *                       response topic, correlation data, content type, user properties), read from its
 *                       MQMD and RFH2 or its JMS header fields; {@link MessageProperties#NONE} if none
 */
public record TransmitMessage(String targetClientId, String topic, byte[] payload, boolean persistent,
                             long expiryMillis, String format, int ccsid, Map<String, Object> properties,
                             int subscriptionQos, MessageProperties mqtt5) {

    /** {@link #subscriptionQos} of a message that no device subscription put. */
    public static final int NO_SUBSCRIPTION = -1;

    public TransmitMessage {
        properties = Map.copyOf(properties);
    }

    /** A message without MQTT 5 properties. */
    public TransmitMessage(String targetClientId, String topic, byte[] payload, boolean persistent,
                           long expiryMillis, String format, int ccsid, Map<String, Object> properties,
                           int subscriptionQos) {
        this(targetClientId, topic, payload, persistent, expiryMillis, format, ccsid, properties, subscriptionQos,
                MessageProperties.NONE);
    }

    /** A point-to-point message, or one whose subscription is not known. */
    public TransmitMessage(String targetClientId, String topic, byte[] payload, boolean persistent,
                           long expiryMillis, String format, int ccsid, Map<String, Object> properties) {
        this(targetClientId, topic, payload, persistent, expiryMillis, format, ccsid, properties, NO_SUBSCRIPTION);
    }

    public boolean expired(long nowMillis) {
        return expiryMillis > 0 && expiryMillis <= nowMillis;
    }
}
