package org.telemetrybridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The users command: create, add, change, delete like mosquitto_passwd; the file it writes is read back. */
class UsersCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(UsersCommand command, String... args) {
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        return line.execute(args);
    }

    private int run(String... args) {
        return run(new UsersCommand(), args);
    }

    private boolean passwordOf(Path file, String user, String password) throws SecurityFileException {
        PasswordHash hash = PasswordFile.read(file).hash(user);
        return hash != null && hash.matches(password.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createsAddsChangesAndDeletesUsersKeepingOtherLines() throws Exception {
        Path file = dir.resolve("passwd");
        assertThat(run("-c", "-b", file.toString(), "alice", "one")).as(err.toString()).isZero();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Files.writeString(file, "# devices of hall 3\n" + Files.readString(file));
        assertThat(run("-b", "-H", "bcrypt", file.toString(), "bob", "two")).isZero();
        assertThat(run("-b", file.toString(), "alice", "uno")).isZero();
        assertThat(out.toString()).contains("User 'bob' added").contains("Password of user 'alice' changed");

        assertThat(passwordOf(file, "alice", "uno")).isTrue();
        assertThat(passwordOf(file, "alice", "one")).isFalse();
        assertThat(passwordOf(file, "bob", "two")).isTrue();
        assertThat(PasswordFile.read(file).hash("bob")).isInstanceOf(PasswordHash.Bcrypt.class);
        assertThat(Files.readAllLines(file)).first().isEqualTo("# devices of hall 3");

        assertThat(run("-D", file.toString(), "alice")).isZero();
        assertThat(PasswordFile.read(file).users()).containsExactly("bob");
        assertThat(run("-D", file.toString(), "alice")).as("already gone").isEqualTo(1);
        assertThat(err.toString()).contains("not in");

        assertThat(run("-c", "-b", file.toString(), "carol", "three")).isZero();
        assertThat(PasswordFile.read(file).users()).as("-c starts the file afresh").containsExactly("carol");
    }

    @Test
    void keepsTheEntriesOfMosquittoPasswdAndTheyStillWork() throws Exception {
        Path file = dir.resolve("passwd");
        MosquittoPasswd.set(file, "legacy", "old-secret", null);
        assertThat(run("-b", file.toString(), "fresh", "new-secret")).isZero();
        assertThat(passwordOf(file, "legacy", "old-secret")).isTrue();
        assertThat(passwordOf(file, "fresh", "new-secret")).isTrue();
        assertThat(PasswordFile.read(file).hash("fresh")).isInstanceOf(PasswordHash.Argon2.class);
    }

    @Test
    void readsThePasswordFromStandardInputForScripts() throws Exception {
        Path file = dir.resolve("passwd");
        Files.createFile(file);
        UsersCommand command = new UsersCommand();
        command.stdin = new ByteArrayInputStream("from stdin\r\nignored\n".getBytes(StandardCharsets.UTF_8));
        assertThat(run(command, "--password-stdin", file.toString(), "dev1")).as(err.toString()).isZero();
        assertThat(passwordOf(file, "dev1", "from stdin")).isTrue();
    }

    @Test
    void asksForThePasswordTwiceAndRefusesWhenTheyDiffer() throws Exception {
        Path file = dir.resolve("passwd");
        Files.createFile(file);
        assertThat(run(prompting("same", "same"), file.toString(), "dev1")).isZero();
        assertThat(passwordOf(file, "dev1", "same")).isTrue();

        assertThat(run(prompting("this", "that"), file.toString(), "dev1")).isEqualTo(1);
        assertThat(err.toString()).contains("do not match");
        assertThat(passwordOf(file, "dev1", "same")).as("unchanged").isTrue();

        assertThat(run(prompting(), file.toString(), "dev2")).as("no terminal").isEqualTo(1);
        assertThat(err.toString()).contains("-b or --password-stdin");
    }

    @Test
    void refusesWrongUsage() {
        Path file = dir.resolve("passwd");
        assertThat(run("-b", file.toString(), "a:b", "x")).isEqualTo(2);
        assertThat(run("-b", file.toString(), "dev1")).isEqualTo(2);
        assertThat(run(file.toString(), "dev1", "pw")).as("password without -b").isEqualTo(2);
        assertThat(run("-b", "-H", "md5", file.toString(), "dev1", "pw")).isEqualTo(2);
        assertThat(run("-b", file.toString(), "dev1", "pw")).as("no file and no -c").isEqualTo(1);
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void listsUsersAndTheFormOfTheirHashesNeverTheHashes() throws Exception {
        Path file = dir.resolve("passwd");
        run("-c", "-b", file.toString(), "dev1", "pw");
        assertThat(run("-l", file.toString())).isZero();
        assertThat(out.toString()).contains("dev1  Argon2").doesNotContain("$argon2");
    }

    private static UsersCommand prompting(String... answers) {
        Deque<String> queue = new ArrayDeque<>(List.of(answers));
        UsersCommand command = new UsersCommand();
        command.prompt = question -> queue.isEmpty() ? null : queue.poll().toCharArray();
        return command;
    }
}
