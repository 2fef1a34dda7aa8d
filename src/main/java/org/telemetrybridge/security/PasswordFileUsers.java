package org.telemetrybridge.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The users of the password file ({@code bridge.security.password-file}), reloaded when the file changes. */
final class PasswordFileUsers implements UserCheck {

    /**
     * Checked for a user the file does not hold, so that an unknown user costs as much time as a known
     * one and the speed of the answer does not tell which user names exist.
     */
    private static final PasswordHash STAND_IN = PasswordHash.create(PasswordHash.Algorithm.ARGON2,
            "stand-in".getBytes(StandardCharsets.UTF_8));

    private final WatchedFile<PasswordFile> file;

    PasswordFileUsers(Path path) throws SecurityFileException {
        file = new WatchedFile<>(path, "bridge.security.password-file", PasswordFile::read,
                users -> users.size() + " users");
    }

    WatchedFile<PasswordFile> file() {
        return file;
    }

    @Override
    public Verdict check(String user, byte[] password) {
        PasswordHash hash = file.current().hash(user);
        byte[] presented = password == null ? new byte[0] : password;
        if (hash == null) {
            STAND_IN.matches(presented);
            return Verdict.UNKNOWN_USER;
        }
        return hash.matches(presented) ? Verdict.ACCEPTED : Verdict.WRONG_PASSWORD;
    }
}
