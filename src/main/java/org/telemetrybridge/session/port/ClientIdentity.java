package org.telemetrybridge.session.port;

/**
 * Who a connected client is, as authentication established it: what authorization rules and the
 * queue manager's alternate user id (MQ Telemetry's USECLTID / MCAUSER choice) are decided on.
 *
 * @param clientId the MQTT client identifier
 * @param user     the authenticated user (a password-file user, a certificate's name), or null for
 *                 an anonymous client
 */
public record ClientIdentity(String clientId, String user) {

    public boolean anonymous() {
        return user == null;
    }
}
