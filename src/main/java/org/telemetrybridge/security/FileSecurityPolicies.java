package org.telemetrybridge.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.Authorizer;

/**
 * The security of the MQTT listeners made from the settings: users from a password file and/or a JAAS
 * configuration, an ACL file, the guessing delay, and the small executor that checks passwords (hashes
 * are slow on purpose, so never on a network thread). The files are checked for changes every
 * {@code reloadInterval} on a thread of their own and reloaded without a restart.
 */
public final class FileSecurityPolicies implements SecurityPolicies, AutoCloseable {

    /**
     * @param passwordFile        the password file, or null
     * @param aclFile             the ACL file, or null: every client may use every topic
     * @param jaasConfig          a JAAS configuration file, or null
     * @param jaasEntry           the entry of the JAAS configuration that checks MQTT users
     * @param reloadInterval      how often the files are checked for changes
     * @param threads             threads that check passwords
     * @param maxPending          password checks that may wait for a thread; more are refused (CONNACK 3)
     * @param delay               the guessing delay per source address
     */
    public record Settings(Path passwordFile, Path aclFile, Path jaasConfig, String jaasEntry, Duration reloadInterval,
                           int threads, int maxPending, GuessingDelay delay) {
    }

    /** Counts a refused login, by listener and refusal (the metric bridge.mqtt.authentication.failures). */
    public interface RefusalCounter {
        void refused(String listener, Authenticator.Refusal refusal);
    }

    private final List<UserCheck> users = new ArrayList<>();
    private final Authorizer authorizer;
    private final GuessingDelay delay;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService reloader;
    private final RefusalCounter counter;

    /**
     * @param counter counts refused logins (a metric)
     * @throws SecurityFileException if a configured file cannot be used (the bridge does not start)
     */
    public FileSecurityPolicies(Settings settings, RefusalCounter counter)
            throws SecurityFileException {
        this.counter = counter;
        this.delay = settings.delay();
        List<WatchedFile<?>> watched = new ArrayList<>();
        if (settings.passwordFile() != null) {
            PasswordFileUsers passwordFile = new PasswordFileUsers(settings.passwordFile());
            users.add(passwordFile);
            watched.add(passwordFile.file());
        }
        if (settings.jaasConfig() != null) {
            try {
                users.add(new JaasUsers(settings.jaasConfig(), settings.jaasEntry()));
            } catch (SecurityFileException e) {
                BridgeLog.securityFileUnusable("bridge.security.jaas-config", settings.jaasConfig().toString(), e.where());
                throw e;
            }
        }
        if (settings.aclFile() != null) {
            AclAuthorizer acl = new AclAuthorizer(settings.aclFile());
            watched.add(acl.file());
            authorizer = acl;
        } else {
            authorizer = Authorizer.ALLOW_ALL;
        }
        executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.maxPending()),
                Thread.ofPlatform().name("tb-authentication-", 1).daemon().factory());
        reloader = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tb-security-reload").daemon()
                .factory());
        long interval = Math.max(1, settings.reloadInterval().toMillis());
        reloader.scheduleWithFixedDelay(() -> watched.forEach(WatchedFile::reloadIfChanged), interval, interval,
                TimeUnit.MILLISECONDS);
        BridgeLog.mqttSecurity(describe(settings));
    }

    private static String describe(Settings settings) {
        List<String> parts = new ArrayList<>();
        if (settings.passwordFile() != null) {
            parts.add("users from password file " + settings.passwordFile());
        }
        if (settings.jaasConfig() != null) {
            parts.add("users from JAAS entry '" + settings.jaasEntry() + "' of " + settings.jaasConfig());
        }
        if (parts.isEmpty()) {
            parts.add("no password file or JAAS: clients are anonymous");
        }
        parts.add(settings.aclFile() != null ? "topics as ACL file " + settings.aclFile() + " allows"
                : "no ACL file: every client may use every topic");
        return String.join("; ", parts);
    }

    @Override
    public Authenticator authenticatorFor(ListenerSecurity listener) {
        return new ListenerAuthenticator(listener, users, delay, executor, counter);
    }

    @Override
    public Authorizer authorizer() {
        return authorizer;
    }

    @Override
    public boolean usersConfigured() {
        return !users.isEmpty();
    }

    @Override
    public void close() {
        reloader.shutdownNow();
        executor.shutdownNow();
    }
}
