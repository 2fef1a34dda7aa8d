package org.telemetrybridge.backend.ibmmq;

/**
 * Whom a device acts as towards IBM MQ ({@code ibm.mq.device-identity}): MQ Telemetry's choice of the MQ
 * user a telemetry channel's client runs as (its channel's {@code MCAUSER}, {@code USECLTID(YES)}, or the
 * MQTT user name; see docs/ibmmq.md, "The identity devices act as towards IBM MQ"). Applied to persistent
 * sessions' subscriptions, which the bridge makes with that user as the alternate user id
 * (MQSO_ALTERNATE_USER_AUTHORITY), so the queue manager's authority records decide per device.
 */
public enum DeviceIdentity {

    /** Every device acts as the bridge's own MQ user, as a channel's MCAUSER made every client act (the default). */
    BRIDGE,

    /** A device acts as its authenticated user (MQ Telemetry without USECLTID or MCAUSER: the MQTT user name). */
    USER,

    /** A device acts as its client id (MQ Telemetry's {@code USECLTID(YES)}). */
    CLIENT_ID;

    /** MQ_USER_ID_LENGTH: an MQ user id (MQSD AlternateUserId, MQCHAR12) has at most 12 characters. */
    static final int MAX_USER_ID_LENGTH = 12;

    /**
     * The alternate user id a device's subscriptions are made with: null for {@link #BRIDGE}.
     *
     * @throws IllegalArgumentException if the device has no such identity (an anonymous device under
     *                                  {@link #USER}) or it is no MQ user id (longer than 12 characters):
     *                                  the bridge then refuses rather than act as itself
     */
    String alternateUser(String clientId, String user) {
        String id = switch (this) {
            case BRIDGE -> null;
            case USER -> user;
            case CLIENT_ID -> clientId;
        };
        if (this == BRIDGE) {
            return null;
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("the device has no authenticated user to act as towards IBM MQ"
                    + " (ibm.mq.device-identity=user)");
        }
        if (id.length() > MAX_USER_ID_LENGTH) {
            throw new IllegalArgumentException("'" + id + "' is no MQ user id (" + id.length() + " characters, at most "
                    + MAX_USER_ID_LENGTH + ")");
        }
        return id;
    }
}
