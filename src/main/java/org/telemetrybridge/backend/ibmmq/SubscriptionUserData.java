package org.telemetrybridge.backend.ibmmq;

import java.nio.charset.StandardCharsets;

import org.telemetrybridge.backend.jms.TransmitMessage;

/**
 * The QoS of a device subscription, carried as the MQ subscription's user data (MQSD SubUserData,
 * {@code USERDATA} in {@code DISPLAY SUB}). The queue manager adds it to every publication it puts
 * for the subscription as the message property MQSubUserData, which is {@code Sud} in the RFH2
 * {@code mqps} folder (IBM: "SubUserData (MQCHARV) for MQSD",
 * https://ibm.com/support/knowledgecenter/SSFKSJ_9.3.0/refdev/q100180_.html; "Retrieval of subscription
 * user data", https://www.ibm.com/docs/SSFKSJ_9.4.0/develop/q130250_.html), so the transmit-queue drain
 * reads each publication's cap from the publication itself.
 *
 * <p>The form is {@code qos=<0|1|2>}, then a space and the subscription's topic filter: readable in
 * {@code DISPLAY SUB(...) USERDATA}, and unlike anything MQ Telemetry is known to have put there (IBM does
 * not document what MQ Telemetry kept in it, so a subscription taken over from it gets this form when the
 * bridge resumes it with MQSO_ALTER). The filter tells the drain which of the client's subscriptions put a
 * publication, so an MQTT 5 client gets that subscription's Subscription Identifier [MQTT-3.3.4-5], as on
 * the embedded stand-in. A filter too long for MQ's user data (10,240 bytes) is left out: the QoS still caps.
 */
public final class SubscriptionUserData {

    private static final String PREFIX = "qos=";
    /** MQ_USER_DATA_LENGTH: the longest user data a subscription holds. */
    static final int MAX_LENGTH = 10_240;

    private SubscriptionUserData() {
    }

    public static String of(int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("MQTT QoS is 0, 1 or 2, not " + qos);
        }
        return PREFIX + qos;
    }

    /** The user data of a subscription to {@code filter} at this QoS. */
    public static String of(int qos, String filter) {
        String data = of(qos) + " " + filter;
        return data.getBytes(StandardCharsets.UTF_8).length <= MAX_LENGTH ? data : of(qos);
    }

    /**
     * The QoS in a subscription's user data, or {@link TransmitMessage#NO_SUBSCRIPTION} if it is absent or
     * not in this form (an administrative subscription's, or one MQ Telemetry made).
     */
    public static int qos(String userData) {
        if (userData == null) {
            return TransmitMessage.NO_SUBSCRIPTION;
        }
        String data = userData.strip(); // PCF answers blank-padded
        if (data.length() >= PREFIX.length() + 1 && data.startsWith(PREFIX)
                && (data.length() == PREFIX.length() + 1 || data.charAt(PREFIX.length() + 1) == ' ')) {
            int qos = data.charAt(PREFIX.length()) - '0';
            if (qos >= 0 && qos <= 2) {
                return qos;
            }
        }
        return TransmitMessage.NO_SUBSCRIPTION;
    }

    /** The topic filter in a subscription's user data, or null if it holds none (or is not in this form). */
    public static String filter(String userData) {
        if (qos(userData) == TransmitMessage.NO_SUBSCRIPTION) {
            return null;
        }
        String data = userData.stripLeading();
        return data.length() > PREFIX.length() + 2 ? data.substring(PREFIX.length() + 2) : null;
    }
}
