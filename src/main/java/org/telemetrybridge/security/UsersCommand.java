package org.telemetrybridge.security;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code users}: adds, changes and removes the users of a password file, as {@code mosquitto_passwd}
 * does, with the same flags ({@code -c} create, {@code -D} delete, {@code -b} password on the command
 * line). New passwords are hashed with Argon2id (or BCrypt with {@code -H bcrypt}); the lines of other
 * users, also {@code mosquitto_passwd}'s, are kept as they are. The file is replaced in one step (a
 * running bridge never reads half of it) and created readable by its owner only.
 */
@Command(name = "users", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Adds, changes and removes MQTT users of a password file (bridge.security.password-file),"
                + " like mosquitto_passwd.",
                "  users [-c] [-H argon2|bcrypt] <file> <user>        prompts for the password twice",
                "  users -b <file> <user> <password>                  password on the command line",
                "  users --password-stdin <file> <user>               password from the first line of stdin",
                "  users -D <file> <user>                             removes the user",
                "  users -l <file>                                    lists the users"},
        footer = "Exit status: 0 done, 1 not done (the reason is printed), 2 wrong usage.")
public final class UsersCommand implements Callable<Integer> {

    /** Reads a password typed at a terminal, without echo; null if there is no terminal. */
    interface Prompt {
        char[] read(String question);
    }

    /** A password longer than this is surely a mistake (MQTT allows 65,535 bytes). */
    static final int MAX_PASSWORD_BYTES = 65_535;

    @Option(names = "-c", description = "Create the file, replacing one that exists.")
    boolean create;

    @Option(names = "-D", description = "Delete the user.")
    boolean delete;

    @Option(names = "-b", description = "Batch: the password is the third argument.")
    boolean batch;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordFromStdin;

    @Option(names = {"-H", "--hash"}, paramLabel = "argon2|bcrypt", defaultValue = "argon2",
            description = "Hash for the new password: argon2 (Argon2id, the default) or bcrypt.")
    String hash;

    @Option(names = {"-l", "--list"}, description = "List the users and the form of their hashes.")
    boolean list;

    @Parameters(index = "0", paramLabel = "<file>", description = "The password file.")
    Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<user>", description = "The user name.")
    String user;

    @Parameters(index = "2", arity = "0..1", paramLabel = "<password>", description = "The password, with -b.")
    char[] password;

    @Spec
    CommandSpec spec;

    Prompt prompt = question -> {
        Console console = System.console();
        return console == null ? null : console.readPassword("%s", question);
    };

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (list) {
                listUsers(out);
            } else {
                String problem = usageProblem();
                if (problem != null) {
                    err.println(problem);
                    return 2;
                }
                if (delete) {
                    deleteUser(out);
                } else {
                    setPassword(out);
                }
            }
            return 0;
        } catch (Failure e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            clear(password);
            out.flush();
            err.flush();
        }
    }

    private String usageProblem() {
        if (user == null) {
            return "A user name is needed.";
        }
        String nameProblem = PasswordFile.userNameProblem(user);
        if (nameProblem != null) {
            return "'" + user + "': " + nameProblem + ".";
        }
        if (delete && (create || batch || passwordFromStdin)) {
            return "-D deletes a user: it takes no password, and no -c.";
        }
        if (batch && passwordFromStdin) {
            return "Give the password either with -b or on standard input, not both.";
        }
        if (batch != (password != null)) {
            return batch ? "-b needs the password as the third argument." : "A password on the command line needs -b.";
        }
        if (!hash.equals("argon2") && !hash.equals("bcrypt")) {
            return "-H takes argon2 or bcrypt.";
        }
        return null;
    }

    private void listUsers(PrintWriter out) throws Failure {
        PasswordFile users = read();
        for (String name : users.users()) {
            out.println(name + "  " + PasswordHash.describe(users.hash(name)));
        }
    }

    private void deleteUser(PrintWriter out) throws Failure {
        List<String> lines = lines();
        List<String> without = PasswordFile.withoutUser(lines, user);
        if (without.size() == lines.size()) {
            throw new Failure("User '" + user + "' is not in " + file + ".");
        }
        write(without);
        out.println("User '" + user + "' deleted from " + file + ".");
    }

    private void setPassword(PrintWriter out) throws Failure {
        byte[] secret = newPassword();
        try {
            if (secret.length > MAX_PASSWORD_BYTES) {
                throw new Failure("The password is longer than " + MAX_PASSWORD_BYTES + " bytes.");
            }
            PasswordHash.Algorithm algorithm = hash.equals("bcrypt") ? PasswordHash.Algorithm.BCRYPT
                    : PasswordHash.Algorithm.ARGON2;
            List<String> lines = create ? List.of() : lines();
            boolean known = lines.stream().anyMatch(line -> PasswordFile.isLineOf(line, user));
            write(PasswordFile.withUser(lines, user, PasswordHash.create(algorithm, secret)));
            out.println((known ? "Password of user '" : "User '") + user + (known ? "' changed in " : "' added to ")
                    + file + ".");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The new password's UTF-8 bytes, from -b, standard input or the terminal (asked twice). */
    private byte[] newPassword() throws Failure {
        if (batch) {
            return PasswordHash.utf8(password);
        }
        if (passwordFromStdin) {
            return firstLineOfStdin();
        }
        char[] first = prompt.read("Password: ");
        if (first == null) {
            throw new Failure("No terminal to ask for the password: give it with -b or --password-stdin.");
        }
        char[] second = prompt.read("Reenter password: ");
        try {
            if (second == null || !Arrays.equals(first, second)) {
                throw new Failure("The passwords do not match.");
            }
            if (first.length == 0) {
                throw new Failure("The password is empty.");
            }
            return PasswordHash.utf8(first);
        } finally {
            clear(first);
            clear(second);
        }
    }

    private byte[] firstLineOfStdin() throws Failure {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = stdin.read(); b != -1 && b != '\n' && line.size() <= MAX_PASSWORD_BYTES; b = stdin.read()) {
                line.write(b);
            }
        } catch (IOException e) {
            throw new Failure("Standard input cannot be read: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        byte[] secret = Arrays.copyOf(bytes, length);
        Arrays.fill(bytes, (byte) 0);
        if (secret.length == 0) {
            throw new Failure("No password on standard input.");
        }
        return secret;
    }

    private PasswordFile read() throws Failure {
        try {
            return PasswordFile.read(file);
        } catch (SecurityFileException e) {
            throw new Failure(file + ": " + e.where());
        }
    }

    private List<String> lines() throws Failure {
        if (!Files.exists(file)) {
            throw new Failure(file + " does not exist: create it with -c.");
        }
        try {
            return SecurityFiles.lines(file);
        } catch (SecurityFileException e) {
            throw new Failure(file + " " + e.getMessage());
        }
    }

    /** Writes the lines to a file beside the target, then moves it over the target in one step. */
    private void write(List<String> lines) throws Failure {
        Path target = file.toAbsolutePath();
        try {
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".new");
            try {
                setPermissions(temporary, target);
                Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new Failure(file + " cannot be written: " + e);
        }
    }

    /** The file keeps its permissions; a new one is readable and writable by its owner only. */
    private static void setPermissions(Path temporary, Path target) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-------");
            Files.setPosixFilePermissions(temporary, permissions);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the temporary file's own permissions (owner only) stay.
        }
    }

    private static void clear(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    /** Why the command did not do what it was asked, for its user. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }
}
