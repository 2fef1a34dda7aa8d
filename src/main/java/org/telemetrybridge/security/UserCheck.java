package org.telemetrybridge.security;

/**
 * A source of users that checks a user name and password: the password file or a JAAS login module.
 * Called on the authentication executor, never on a network thread: it may be slow.
 */
interface UserCheck {

    /** The answer of one source. */
    enum Verdict {
        /** The password is right. */
        ACCEPTED,
        /** The user is known and the password wrong. */
        WRONG_PASSWORD,
        /** The source does not know the user: the next source may. */
        UNKNOWN_USER,
        /** The user is known but may not log in (a locked or expired account). */
        NOT_ALLOWED
    }

    /**
     * @param password the password bytes as CONNECT carried them, or null; the caller clears them
     */
    Verdict check(String user, byte[] password);
}
