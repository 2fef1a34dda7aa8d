package org.telemetrybridge.security;

import java.util.concurrent.CompletableFuture;

import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.Authorizer;

/**
 * Who may connect to each listener, and what every client may publish and subscribe to: the
 * authentication and authorization steps the MQTT edge calls, made from the security settings.
 */
public interface SecurityPolicies {

    /**
     * No users configured: every client is let in on a listener that allows anonymous clients, none on
     * one that does not (nobody can be checked), and every client may use every topic.
     */
    SecurityPolicies OPEN = new SecurityPolicies() {
        @Override
        public Authenticator authenticatorFor(ListenerSecurity listener) {
            if (listener.allowAnonymous()) {
                return Authenticator.ALLOW_ALL;
            }
            return credentials -> CompletableFuture.completedFuture(credentials.userName() == null
                    ? Authenticator.Outcome.notAuthorized("anonymous clients are not allowed on listener '"
                            + listener.listener() + "'")
                    : Authenticator.Outcome.badCredentials("no users are configured"));
        }

        @Override
        public Authorizer authorizer() {
            return Authorizer.ALLOW_ALL;
        }

        @Override
        public boolean usersConfigured() {
            return false;
        }
    };

    /** The authentication step of the listener. */
    Authenticator authenticatorFor(ListenerSecurity listener);

    /** The authorization checks, the same on every listener. */
    Authorizer authorizer();

    /**
     * Whether a source of users (a password file, a JAAS configuration) is configured. Without one,
     * the default listener lets anonymous clients in unless told otherwise (the quick start).
     */
    boolean usersConfigured();
}
