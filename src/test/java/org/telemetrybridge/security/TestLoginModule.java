package org.telemetrybridge.security;

import java.util.Arrays;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * A JAAS login module for tests: one user and password from its options ({@code user}, {@code password});
 * the user {@code locked} is a locked account, {@code broken} makes the module throw.
 */
public final class TestLoginModule implements LoginModule {

    private CallbackHandler handler;
    private Map<String, ?> options;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.handler = callbackHandler;
        this.options = options;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (Exception e) {
            throw new LoginException(e.toString());
        }
        try {
            if ("locked".equals(name.getName())) {
                throw new AccountLockedException("locked");
            }
            if ("broken".equals(name.getName())) {
                throw new IllegalStateException("the directory is down");
            }
            if (name.getName().equals(options.get("user"))
                    && Arrays.equals(password.getPassword(), ((String) options.get("password")).toCharArray())) {
                return true;
            }
            throw new FailedLoginException("wrong user or password");
        } finally {
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        return true;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }
}
