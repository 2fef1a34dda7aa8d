package org.telemetrybridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.Authenticator.Outcome;
import org.telemetrybridge.session.port.ClientIdentity;
import org.telemetrybridge.session.port.Credentials;
import org.telemetrybridge.support.LogCapture;

/**
 * One listener's authentication step with real sources of users: a password file written by
 * mosquitto_passwd and the users command, a JAAS configuration with a test login module, client
 * certificates made by keytool.
 */
class ListenerAuthenticatorTest {

    @TempDir
    Path dir;

    private final List<String> refusals = new ArrayList<>();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(2));
    private final GuessingDelay delay = new GuessingDelay(Duration.ofMillis(1), Duration.ofMillis(4),
            Duration.ofMinutes(1), 100, System::nanoTime);
    private PasswordFileUsers passwordFile;

    @BeforeEach
    void users() throws Exception {
        Path file = dir.resolve("passwd");
        MosquittoPasswd.set(file, "alice", "alice-pw", null);
        passwordFile = new PasswordFileUsers(file);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Authenticator authenticator(ListenerSecurity listener, UserCheck... users) {
        return new ListenerAuthenticator(listener, List.of(users), delay, executor,
                (name, refusal) -> refusals.add(name + ":" + refusal));
    }

    private static ListenerSecurity listener(boolean anonymous) {
        return new ListenerSecurity("plain", anonymous, false, CertificateIdentity.CN);
    }

    private static Credentials credentials(String user, String password, X509Certificate... chain) {
        return new Credentials("plain", "client-1", user,
                password == null ? null : password.getBytes(StandardCharsets.UTF_8), "/127.0.0.1:40000", List.of(chain));
    }

    private static Outcome outcome(Authenticator authenticator, Credentials credentials) throws Exception {
        return authenticator.authenticate(credentials).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRightPasswordNamesTheUserAWrongOneOrAnUnknownUserIsBadCredentials() throws Exception {
        Authenticator authenticator = authenticator(listener(false), passwordFile);
        assertThat(outcome(authenticator, credentials("alice", "alice-pw")))
                .isEqualTo(Outcome.accepted(new ClientIdentity("client-1", "alice")));
        assertThat(outcome(authenticator, credentials("alice", "guess")))
                .isInstanceOfSatisfying(Authenticator.Refused.class, refused ->
                        assertThat(refused.refusal()).isEqualTo(Authenticator.Refusal.BAD_CREDENTIALS));
        assertThat(outcome(authenticator, credentials("mallory", "alice-pw")))
                .isInstanceOfSatisfying(Authenticator.Refused.class, refused -> {
                    assertThat(refused.refusal()).isEqualTo(Authenticator.Refusal.BAD_CREDENTIALS);
                    assertThat(refused.reason()).contains("unknown user").doesNotContain("alice-pw");
                });
        assertThat(outcome(authenticator, credentials("alice", null))).isInstanceOf(Authenticator.Refused.class);
        assertThat(refusals).containsExactly("plain:BAD_CREDENTIALS", "plain:BAD_CREDENTIALS", "plain:BAD_CREDENTIALS");
    }

    @Test
    void anonymousClientsOnlyWhereTheListenerAllowsThem() throws Exception {
        assertThat(outcome(authenticator(listener(true), passwordFile), credentials(null, null)))
                .isEqualTo(Outcome.accepted(new ClientIdentity("client-1", null)));
        assertThat(outcome(authenticator(listener(false), passwordFile), credentials(null, null)))
                .isInstanceOfSatisfying(Authenticator.Refused.class, refused ->
                        assertThat(refused.refusal()).isEqualTo(Authenticator.Refusal.NOT_AUTHORIZED));
    }

    @Test
    void withoutASourceOfUsersAUserNameIsNotTrusted() throws Exception {
        assertThat(outcome(authenticator(listener(true)), credentials("admin", "x")))
                .as("anonymous, not 'admin'").isEqualTo(Outcome.accepted(new ClientIdentity("client-1", null)));
        assertThat(outcome(authenticator(listener(false)), credentials("admin", "x")))
                .isInstanceOf(Authenticator.Refused.class);
    }

    @Test
    void aCertificateNamesTheUserWhereTheListenerTakesItsIdentity() throws Exception {
        X509Certificate certificate = TestCertificates.make(dir, "CN=meter-12, O=Acme", "email:m12@acme.example");
        ListenerSecurity byCn = new ListenerSecurity("tls", false, true, CertificateIdentity.CN);
        ListenerSecurity bySan = new ListenerSecurity("tls", false, true, CertificateIdentity.SAN);

        assertThat(outcome(authenticator(byCn, passwordFile), credentials("alice", "wrong", certificate)))
                .as("CONNECT's user name is not looked at")
                .isEqualTo(Outcome.accepted(new ClientIdentity("client-1", "meter-12")));
        assertThat(outcome(authenticator(bySan), credentials(null, null, certificate)))
                .isEqualTo(Outcome.accepted(new ClientIdentity("client-1", "m12@acme.example")));
        assertThat(outcome(authenticator(byCn), credentials("alice", "alice-pw")))
                .as("no certificate").isInstanceOfSatisfying(Authenticator.Refused.class, refused ->
                        assertThat(refused.refusal()).isEqualTo(Authenticator.Refusal.NOT_AUTHORIZED));
        X509Certificate noCn = TestCertificates.make(dir, "O=Acme", null);
        assertThat(outcome(authenticator(byCn), credentials(null, null, noCn)))
                .isInstanceOf(Authenticator.Refused.class);
    }

    @Test
    void jaasChecksTheUsersThePasswordFileDoesNotHold() throws Exception {
        Path config = dir.resolve("jaas.config");
        Files.writeString(config, """
                TelemetryBridge {
                    org.telemetrybridge.security.TestLoginModule required user="jdoe" password="jaas-pw";
                };
                """);
        Authenticator authenticator = authenticator(listener(false), passwordFile,
                new JaasUsers(config, "TelemetryBridge"));

        assertThat(outcome(authenticator, credentials("jdoe", "jaas-pw")))
                .isEqualTo(Outcome.accepted(new ClientIdentity("client-1", "jdoe")));
        assertThat(outcome(authenticator, credentials("alice", "alice-pw")))
                .isEqualTo(Outcome.accepted(new ClientIdentity("client-1", "alice")));
        assertThat(outcome(authenticator, credentials("jdoe", "guess")))
                .isInstanceOfSatisfying(Authenticator.Refused.class, refused ->
                        assertThat(refused.refusal()).isEqualTo(Authenticator.Refusal.BAD_CREDENTIALS));
        assertThat(outcome(authenticator, credentials("locked", "any")))
                .isInstanceOfSatisfying(Authenticator.Refused.class, refused ->
                        assertThat(refused.refusal()).isEqualTo(Authenticator.Refusal.NOT_AUTHORIZED));
        try (LogCapture log = new LogCapture()) {
            assertThat(outcome(authenticator, credentials("broken", "any")))
                    .isInstanceOfSatisfying(Authenticator.Refused.class, refused ->
                            assertThat(refused.refusal()).isEqualTo(Authenticator.Refusal.BAD_CREDENTIALS));
            log.awaitMessage("TBR0099W", "broken", "the directory is down");
        }
        assertThatThrownBy(() -> new JaasUsers(config, "Other")).isInstanceOf(SecurityFileException.class)
                .hasMessageContaining("no entry 'Other'");
    }

    @Test
    void checksRunOnTheExecutorAndAFullQueueFailsTheAttempt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        UserCheck stuck = (user, password) -> {
            assertThat(Thread.currentThread().getName()).doesNotContain("main");
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return UserCheck.Verdict.ACCEPTED;
        };
        Authenticator authenticator = authenticator(listener(false), stuck);
        var first = authenticator.authenticate(credentials("u", "p"));
        var waiting = List.of(authenticator.authenticate(credentials("u", "p")),
                authenticator.authenticate(credentials("u", "p")));
        var refused = authenticator.authenticate(credentials("u", "p"));

        assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RejectedExecutionException.class);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(Authenticator.Accepted.class);
        for (var attempt : waiting) {
            assertThat(attempt.get(30, TimeUnit.SECONDS)).isInstanceOf(Authenticator.Accepted.class);
        }
    }

    @Test
    void failuresSlowDownTheNextAttemptsFromTheSameAddress() throws Exception {
        Authenticator authenticator = authenticator(listener(false), passwordFile);
        outcome(authenticator, credentials("alice", "guess-1"));
        outcome(authenticator, credentials("alice", "guess-2"));
        assertThat(delay.before("127.0.0.1")).isEqualTo(Duration.ofMillis(2));
        assertThat(outcome(authenticator, credentials("alice", "alice-pw"))).isInstanceOf(Authenticator.Accepted.class);
        assertThat(delay.before("127.0.0.1")).as("a success forgets the address").isZero();
    }

    /** The wait of a slowed address is a scheduled task: the one checking thread serves other addresses meanwhile. */
    @Test
    void aSlowedAddressHoldsNoThreadWhileItWaits() throws Exception {
        GuessingDelay slow = new GuessingDelay(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(5), 100,
                System::nanoTime);
        slow.failed("10.9.9.9");
        Authenticator authenticator = new ListenerAuthenticator(listener(false), List.of(passwordFile), slow, executor,
                (name, refusal) -> { });
        var guesser = authenticator.authenticate(new Credentials("plain", "guesser", "alice",
                "alice-pw".getBytes(StandardCharsets.UTF_8), "/10.9.9.9:5000", List.of()));
        var other = authenticator.authenticate(credentials("alice", "alice-pw"));

        assertThat(other.get(30, TimeUnit.SECONDS)).isInstanceOf(Authenticator.Accepted.class);
        Awaitility.await("the checking thread idle").atMost(Duration.ofSeconds(10))
                .until(() -> executor.getActiveCount() == 0);
        assertThat(guesser).as("still waiting, with no thread held for it").isNotDone();
        guesser.cancel(false);
    }
}
