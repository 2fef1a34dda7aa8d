package org.telemetrybridge.session.port;

import java.util.concurrent.CompletableFuture;

/**
 * The authentication step of the connect flow, between checking the client identifier and taking
 * over the session. It may be slow (salted hashes are slow on purpose; a JAAS module may call out),
 * so it answers with a future and is never called to block a network thread.
 */
public interface Authenticator {

    /** Lets every client in, as who it says it is: the default until a listener is secured. */
    Authenticator ALLOW_ALL = credentials -> CompletableFuture.completedFuture(
            Outcome.accepted(new ClientIdentity(credentials.clientId(), credentials.userName())));

    CompletableFuture<Outcome> authenticate(Credentials credentials);

    /** The answer: an identity, or a refusal the edge turns into its protocol's return code. */
    sealed interface Outcome {

        static Outcome accepted(ClientIdentity identity) {
            return new Accepted(identity);
        }

        /** The credentials are wrong or missing (MQTT 3.1.1: CONNACK 4, "bad user name or password"). */
        static Outcome badCredentials(String reason) {
            return new Refused(Refusal.BAD_CREDENTIALS, reason);
        }

        /** Known, but not allowed to connect here (MQTT 3.1.1: CONNACK 5, "not authorized"). */
        static Outcome notAuthorized(String reason) {
            return new Refused(Refusal.NOT_AUTHORIZED, reason);
        }
    }

    record Accepted(ClientIdentity identity) implements Outcome {
    }

    /** @param reason for the log line only; never sent to the client */
    record Refused(Refusal refusal, String reason) implements Outcome {
    }

    enum Refusal { BAD_CREDENTIALS, NOT_AUTHORIZED }
}
