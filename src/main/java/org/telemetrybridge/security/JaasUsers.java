package org.telemetrybridge.security;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.URIParameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.CredentialExpiredException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.telemetrybridge.log.BridgeLog;

/**
 * Users checked by a JAAS login module, as MQ Telemetry's JAASCFG named a stanza of a JAAS
 * configuration file: {@code bridge.security.jaas-config} is that file, {@code bridge.security.jaas-entry}
 * the stanza. The module is given the user name (NameCallback) and password (PasswordCallback). A
 * locked or expired account ({@link AccountException}, {@link CredentialExpiredException}) is "not
 * allowed"; any other failed login a wrong password, and one that is not the usual
 * {@link FailedLoginException} is logged (TBR0099W) since it may be the module's own failure.
 */
final class JaasUsers implements UserCheck {

    private final Configuration configuration;
    private final String entry;

    /** @throws SecurityFileException if the file cannot be read or has no such entry */
    JaasUsers(Path configFile, String entry) throws SecurityFileException {
        this.entry = entry;
        try {
            URI uri = configFile.toAbsolutePath().toUri();
            configuration = Configuration.getInstance("JavaLoginConfig", new URIParameter(uri));
        } catch (NoSuchAlgorithmException | SecurityException | IllegalArgumentException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SecurityFileException(0, "is not a usable JAAS configuration: " + cause.getMessage());
        }
        if (configuration.getAppConfigurationEntry(entry) == null) {
            throw new SecurityFileException(0, "has no entry '" + entry + "' (bridge.security.jaas-entry)");
        }
    }

    @Override
    public Verdict check(String user, byte[] password) {
        char[] chars = decode(password);
        List<PasswordCallback> handedOut = new ArrayList<>();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Login modules are loaded through the context class loader: the application's, also in the jar.
        thread.setContextClassLoader(JaasUsers.class.getClassLoader());
        try {
            LoginContext login = new LoginContext(entry, new Subject(), callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(chars);
                        handedOut.add(secret);
                    } else {
                        throw new UnsupportedCallbackException(callback, "the bridge has a user name and password only");
                    }
                }
            }, configuration);
            login.login();
            logOut(login);
            return Verdict.ACCEPTED;
        } catch (AccountException | CredentialExpiredException e) {
            return Verdict.NOT_ALLOWED;
        } catch (FailedLoginException e) {
            return Verdict.WRONG_PASSWORD;
        } catch (LoginException e) {
            // Not the usual "wrong user name or password": a module that failed (the JDK wraps anything a
            // module throws into a LoginException), which the operator should hear of.
            BridgeLog.jaasLoginFailed(entry, user, firstLine(e.getMessage()));
            return Verdict.WRONG_PASSWORD;
        } finally {
            thread.setContextClassLoader(previous);
            handedOut.forEach(PasswordCallback::clearPassword);
            Arrays.fill(chars, '\0');
        }
    }

    /** The bridge keeps nothing of the login but the user name: the subject's principals are let go. */
    private static void logOut(LoginContext login) {
        try {
            login.logout();
        } catch (LoginException e) {
            // The login succeeded; a module that cannot clean up its subject does not change that.
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** The password as characters for PasswordCallback; the caller clears them. */
    private static char[] decode(byte[] password) {
        if (password == null) {
            return new char[0];
        }
        CharBuffer buffer = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] chars = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), '\0');
        return chars;
    }
}
