package org.telemetrybridge.session.port;

/**
 * Why a message for one client was put on the dead-letter queue, with the MQ reason code an MQ
 * administrator knows (it goes in the MQDLH on IBM MQ, and in a property on the embedded broker).
 */
public enum UndeliverableReason {

    UNKNOWN_CLIENT(2087, "no client with this identifier has a session: it never connected, or its session was"
            + " clean and has ended"),
    INVALID_CLIENT_ID(2087, "the target queue manager name is not a valid client identifier"),
    /** MQFB_XMIT_Q_MSG_ERROR: what an MQ channel agent gives a malformed transmission-queue message. */
    NOT_A_TRANSMIT_MESSAGE(271, "the message names no target client: it has neither an MQXQH nor the properties"
            + " RemoteQMgrName and RemoteQName"),
    NO_PAYLOAD_FORM(2110, "the message has no MQTT payload form (send bytes or text)"),
    CLIENT_DISCONNECTED(2009, "the client's clean session ended before it acknowledged the message"),
    SESSION_DISCARDED(2009, "the client reconnected with a clean session, which discards what its persistent"
            + " session held"),
    /** MQRC_UNKNOWN_REMOTE_Q_MGR: once its session is gone, the client is unknown. */
    SESSION_REMOVED(2087, "the client's session was removed: purged by an operator, expired"
            + " (bridge.session.expiry), or left over without a session (bridge.clean-up)"),
    HELD_LIMIT_REACHED(2053, "the client already has the maximum number of held messages"
            + " (bridge.transmit.max-held-per-client)"),
    HOLD_TIME_EXPIRED(258, "the client did not reconnect within bridge.transmit.hold-time"),
    /**
     * MQRC_MSG_TOO_BIG_FOR_CHANNEL: what an MQ channel does with a message over its MAXMSGL. On the
     * embedded stand-in found before the message is read into memory, so a body of any size cannot
     * exhaust the bridge's heap; on a JMS provider once received.
     */
    MESSAGE_TOO_LARGE(2218, "the message, inflated if it was sent compressed, is larger than"
            + " bridge.mqtt.max-packet-size, the largest message the bridge sends to a client");

    private final int mqReason;
    private final String text;

    UndeliverableReason(int mqReason, String text) {
        this.mqReason = mqReason;
        this.text = text;
    }

    /** The MQRC / MQFB value put in the dead-letter header. */
    public int mqReason() {
        return mqReason;
    }

    public String text() {
        return text;
    }
}
