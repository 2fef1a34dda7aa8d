package org.telemetrybridge.backend;

/**
 * The one place that names the MQ objects the bridge uses, on IBM MQ and on the embedded stand-in
 * alike. The names are MQ Telemetry's where it had the object; the shipped MQSC defines them.
 */
public final class MqObjectNames {

    /** Every message for a device arrives here, addressed to it by the target queue manager name. */
    public static final String TRANSMIT_QUEUE = "SYSTEM.MQTT.TRANSMIT.QUEUE";

    /** Persistent MQTT sessions: one state message per client id. */
    public static final String SESSION_STATE_QUEUE = "SYSTEM.MQTT.PERSISTENT.STATE";

    /**
     * Messages held for a persistent session whose client is away: the bridge's own queue, so named
     * outside IBM's reserved SYSTEM.* space (MQ Telemetry had no such queue).
     */
    public static final String HELD_QUEUE = "TBRIDGE.HELD.QUEUE";

    /**
     * The held queue's name before version 14's rename. Messages still on it are moved to
     * {@link #HELD_QUEUE} when the bridge connects ({@code JmsDialect#legacyHeldQueueExists}).
     */
    public static final String LEGACY_HELD_QUEUE = "SYSTEM.MQTT.HELD.QUEUE";

    /** The embedded stand-in's copy of each retained publication (IBM MQ keeps its own). */
    public static final String RETAINED_QUEUE = "SYSTEM.MQTT.RETAINED";

    /** The default dead-letter queue of a queue manager made by the shipped MQSC. */
    public static final String DEAD_LETTER_QUEUE = "SYSTEM.DEAD.LETTER.QUEUE";

    /**
     * Active/standby ({@code bridge.ha.mode=active-standby}): the bridge that holds this queue open for
     * exclusive input is the active one; the others wait. The bridge's own queue, defined NOSHARE
     * (mqsc/60-high-availability.mqsc); no message is ever put to it.
     */
    public static final String ACTIVE_LOCK_QUEUE = "TBRIDGE.ACTIVE";

    /** The topic object under which device publications are made. */
    public static final String BASE_TOPIC = "SYSTEM.BASE.TOPIC";

    private MqObjectNames() {
    }
}
