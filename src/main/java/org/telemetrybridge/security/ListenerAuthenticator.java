package org.telemetrybridge.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.ClientIdentity;
import org.telemetrybridge.session.port.Credentials;

/**
 * The authentication step of one listener. In order:
 * <ol>
 *   <li>With {@code use-identity-as-username}, a verified client certificate names the user (CONNECT's
 *       user name and password are not looked at); without a certificate only an anonymous client may
 *       connect, and only where the listener allows anonymous clients.</li>
 *   <li>A client without a user name is anonymous: let in where the listener allows it, else refused
 *       as not authorized (CONNACK 5, as Mosquitto answers).</li>
 *   <li>A user name and password are checked against the sources of users in turn (password file,
 *       then JAAS), on the authentication executor after the source address's guessing delay; an
 *       unknown user or a wrong password is refused as bad credentials (CONNACK 4), a locked account as
 *       not authorized (5). Without any source of users a user name cannot be verified: the client is
 *       anonymous (if allowed), never trusted to be who it claims.</li>
 * </ol>
 */
final class ListenerAuthenticator implements Authenticator {

    private final ListenerSecurity listener;
    private final List<UserCheck> users;
    private final GuessingDelay delay;
    private final Executor executor;
    private final FileSecurityPolicies.RefusalCounter counter;

    ListenerAuthenticator(ListenerSecurity listener, List<UserCheck> users, GuessingDelay delay, Executor executor,
                          FileSecurityPolicies.RefusalCounter counter) {
        this.listener = listener;
        this.users = List.copyOf(users);
        this.delay = delay;
        this.executor = executor;
        this.counter = counter;
    }

    @Override
    public CompletableFuture<Outcome> authenticate(Credentials credentials) {
        if (listener.useIdentityAsUsername()) {
            return answered(byCertificate(credentials));
        }
        if (credentials.userName() == null || users.isEmpty()) {
            return answered(listener.allowAnonymous() ? Outcome.accepted(anonymous(credentials))
                    : credentials.userName() == null
                    ? Outcome.notAuthorized("anonymous clients are not allowed on listener '" + listener.listener() + "'")
                    : Outcome.badCredentials("no password file or JAAS configuration to check user '"
                    + credentials.userName() + "' against"));
        }
        return checked(credentials);
    }

    private Outcome byCertificate(Credentials credentials) {
        if (credentials.certificateChain().isEmpty()) {
            return listener.allowAnonymous() ? Outcome.accepted(anonymous(credentials))
                    : Outcome.notAuthorized("no client certificate, and listener '" + listener.listener()
                    + "' takes the user from the certificate");
        }
        String user = listener.certificateIdentity().userOf(credentials.certificateChain().getFirst());
        if (user == null) {
            return Outcome.notAuthorized("the client certificate has no " + listener.certificateIdentity()
                    + " to take as the user name");
        }
        return Outcome.accepted(new ClientIdentity(credentials.clientId(), user));
    }

    /** The password check, after the address's delay, on the executor; the delay holds no thread. */
    private CompletableFuture<Outcome> checked(Credentials credentials) {
        String address = GuessingDelay.hostOf(credentials.remoteAddress());
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        Runnable check = () -> {
            try {
                result.complete(check(credentials, address));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        };
        Runnable submit = () -> {
            try {
                executor.execute(check);
            } catch (RejectedExecutionException e) {
                BridgeLog.authenticationQueueFull(credentials.clientId(), credentials.remoteAddress());
                result.completeExceptionally(e);
            }
        };
        Duration wait = delay.before(address);
        if (wait.isZero()) {
            submit.run();
        } else {
            CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS).execute(submit);
        }
        return result.whenComplete((outcome, failure) -> {
            if (outcome instanceof Refused refused) {
                counter.refused(listener.listener(), refused.refusal());
            }
        });
    }

    private Outcome check(Credentials credentials, String address) {
        String user = credentials.userName();
        for (UserCheck source : users) {
            switch (source.check(user, credentials.password())) {
                case ACCEPTED -> {
                    delay.succeeded(address);
                    return Outcome.accepted(new ClientIdentity(credentials.clientId(), user));
                }
                case WRONG_PASSWORD -> {
                    return failed(address, Outcome.badCredentials("wrong password for user '" + user + "'"));
                }
                case NOT_ALLOWED -> {
                    return failed(address, Outcome.notAuthorized("user '" + user + "' may not log in (account"
                            + " locked or expired)"));
                }
                case UNKNOWN_USER -> {
                    // the next source may know the user
                }
            }
        }
        return failed(address, Outcome.badCredentials("unknown user '" + user + "'"));
    }

    private Outcome failed(String address, Outcome refusal) {
        Duration next = delay.failed(address);
        BridgeLog.loginsSlowedDown(address, next.toMillis());
        return refusal;
    }

    private CompletableFuture<Outcome> answered(Outcome outcome) {
        if (outcome instanceof Refused refused) {
            counter.refused(listener.listener(), refused.refusal());
        }
        return CompletableFuture.completedFuture(outcome);
    }

    private static ClientIdentity anonymous(Credentials credentials) {
        return new ClientIdentity(credentials.clientId(), null);
    }
}
