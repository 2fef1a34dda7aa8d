package org.telemetrybridge.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A password file: one {@code user:hash} line per user, as {@code mosquitto_passwd} and the bridge's
 * {@code users} command write it. Blank lines and lines starting with {@code #} are skipped. The user
 * name is everything before the first colon (so it cannot hold one), the hash everything after it.
 */
public final class PasswordFile {

    private final Map<String, PasswordHash> users;

    private PasswordFile(Map<String, PasswordHash> users) {
        this.users = users;
    }

    public static PasswordFile read(Path file) throws SecurityFileException {
        return parse(SecurityFiles.lines(file));
    }

    static PasswordFile parse(List<String> lines) throws SecurityFileException {
        Map<String, PasswordHash> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new SecurityFileException(i + 1, "not of the form user:hash");
            }
            String user = line.substring(0, colon);
            String problem = userNameProblem(user);
            if (problem != null) {
                throw new SecurityFileException(i + 1, problem);
            }
            try {
                if (users.put(user, PasswordHash.parse(line.substring(colon + 1))) != null) {
                    throw new SecurityFileException(i + 1, "user '" + user + "' appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new SecurityFileException(i + 1, "the hash of user '" + user + "': " + e.getMessage());
            }
        }
        return new PasswordFile(Map.copyOf(users));
    }

    /** Why a name cannot be a user of a password file, or null if it can. */
    static String userNameProblem(String user) {
        if (user.isEmpty()) {
            return "an empty user name";
        }
        if (user.indexOf(':') >= 0) {
            return "a user name cannot contain ':'";
        }
        if (user.chars().anyMatch(Character::isISOControl)) {
            return "a user name cannot contain control characters";
        }
        if (user.getBytes(StandardCharsets.UTF_8).length > 65_535) {
            return "a user name is at most 65,535 bytes (MQTT's limit)";
        }
        return null;
    }

    /** The user's hash, or null for a user not in the file. */
    public PasswordHash hash(String user) {
        return users.get(user);
    }

    public int size() {
        return users.size();
    }

    public List<String> users() {
        return new ArrayList<>(users.keySet()).stream().sorted().toList();
    }

    /** The lines of a file with the user's line set to the hash: replaced where it was, else added at the end. */
    static List<String> withUser(List<String> lines, String user, PasswordHash hash) {
        List<String> result = new ArrayList<>();
        String entry = user + ":" + hash.encoded();
        boolean replaced = false;
        for (String line : lines) {
            if (isLineOf(line, user)) {
                if (!replaced) {
                    result.add(entry);
                    replaced = true;
                }
            } else {
                result.add(line);
            }
        }
        if (!replaced) {
            result.add(entry);
        }
        return result;
    }

    /** The lines of a file without the user's line. */
    static List<String> withoutUser(List<String> lines, String user) {
        return lines.stream().filter(line -> !isLineOf(line, user)).toList();
    }

    static boolean isLineOf(String line, String user) {
        String stripped = line.strip();
        return stripped.startsWith(user + ":") && !stripped.startsWith("#");
    }
}
