package org.telemetrybridge.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The users of the HTTP side, with their passwords in Spring Security's {@code {id}hash} form. Only
 * slow salted hashes are taken: {@code {bcrypt}} and {@code {argon2}}; a password given without a
 * {@code {id}} prefix is plain text and is hashed here with BCrypt, so no plain password is kept.
 */
public final class HttpUsers {

    private static final Pattern ENCODED = Pattern.compile("^\\{([^}]*)}.+");
    private static final Set<String> SLOW_HASHES = Set.of("bcrypt", "argon2", "argon2@SpringSecurity_v5_8");

    private final List<UserDetails> users = new ArrayList<>();

    /**
     * Adds a user if its name is set.
     *
     * @param setting the setting that names the user, for the error message
     * @throws IllegalArgumentException when the user has no password or an unsupported hash
     */
    public HttpUsers add(String setting, String name, String password, HttpRoles role) {
        if (name == null || name.isBlank()) {
            return this;
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(setting + " is '" + name + "' but its password is not set: set "
                    + setting.replace("-user", "-password") + " to a {bcrypt} or {argon2} hash or a plain password");
        }
        users.add(User.withUsername(name).password(encoded(setting, password)).roles(role.name()).build());
        return this;
    }

    public List<UserDetails> users() {
        return List.copyOf(users);
    }

    static String encoded(String setting, String password) {
        Matcher encoded = ENCODED.matcher(password);
        if (!encoded.matches()) {
            return "{bcrypt}" + new BCryptPasswordEncoder().encode(password);
        }
        if (!SLOW_HASHES.contains(encoded.group(1))) {
            throw new IllegalArgumentException("the password of " + setting + " is hashed with {" + encoded.group(1)
                    + "}; use {bcrypt} or {argon2} (slow salted hashes), or give it in plain text to have it hashed");
        }
        return password;
    }
}
