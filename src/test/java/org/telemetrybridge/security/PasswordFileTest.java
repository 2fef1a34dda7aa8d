package org.telemetrybridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password files as mosquitto_passwd writes them (checked against the real tool), and the bridge's own
 * hashes in the forms Spring Security's encoders write.
 */
class PasswordFileTest {

    @TempDir
    Path dir;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsMosquitto2Pbkdf2AndMosquitto1Sha512EntriesWrittenByMosquittoPasswd() throws Exception {
        Path file = dir.resolve("passwd");
        MosquittoPasswd.set(file, "alice", "s3cret", null);
        MosquittoPasswd.set(file, "bob", "hunter2 with späce", "sha512");
        assertThat(Files.readString(file)).contains("alice:$7$").contains("bob:$6$");

        PasswordFile users = PasswordFile.read(file);

        assertThat(users.users()).containsExactly("alice", "bob");
        assertThat(users.hash("alice")).isInstanceOf(PasswordHash.MosquittoPbkdf2.class);
        assertThat(users.hash("alice").matches(utf8("s3cret"))).isTrue();
        assertThat(users.hash("alice").matches(utf8("s3cret "))).isFalse();
        assertThat(users.hash("bob")).isInstanceOf(PasswordHash.MosquittoSha512.class);
        assertThat(users.hash("bob").matches(utf8("hunter2 with späce"))).isTrue();
        assertThat(users.hash("bob").matches(utf8("hunter2"))).isFalse();
        assertThat(users.hash("carol")).isNull();
    }

    @Test
    void readsArgon2AndBcryptHashesAsSpringSecurityWritesThem() throws Exception {
        String argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("pässword");
        String bcrypt = new BCryptPasswordEncoder().encode("pässword");

        PasswordFile users = PasswordFile.parse(List.of("# devices", "", "a:" + argon2, "b:" + bcrypt));

        assertThat(users.hash("a").matches(utf8("pässword"))).isTrue();
        assertThat(users.hash("a").matches(utf8("password"))).isFalse();
        assertThat(users.hash("b").matches(utf8("pässword"))).isTrue();
        assertThat(users.hash("b").matches(utf8("password"))).isFalse();
    }

    @Test
    void hashesItWritesAreReadBackAndReadBySpringSecurity() {
        for (PasswordHash.Algorithm algorithm : PasswordHash.Algorithm.values()) {
            PasswordHash written = PasswordHash.create(algorithm, utf8("tr0ub4dor"));
            PasswordHash read = PasswordHash.parse(written.encoded());
            assertThat(read.matches(utf8("tr0ub4dor"))).as(algorithm.name()).isTrue();
            assertThat(read.matches(utf8("tr0ub4dor&3"))).as(algorithm.name()).isFalse();
        }
        String argon2 = PasswordHash.create(PasswordHash.Algorithm.ARGON2, utf8("x")).encoded();
        assertThat(argon2).startsWith("$argon2id$v=19$m=16384,t=2,p=1$");
        assertThat(Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().matches("x", argon2)).isTrue();
        String bcrypt = PasswordHash.create(PasswordHash.Algorithm.BCRYPT, utf8("x")).encoded();
        assertThat(new BCryptPasswordEncoder().matches("x", bcrypt)).isTrue();
    }

    @Test
    void aBadLineIsReportedWithItsNumberAndNeverWithTheHash() {
        assertThatThrownBy(() -> PasswordFile.parse(List.of("# ok", "alice:$5$rounds=1000$salt$hash")))
                .isInstanceOf(SecurityFileException.class)
                .satisfies(e -> assertThat(((SecurityFileException) e).line()).isEqualTo(2))
                .hasMessageContaining("alice").hasMessageNotContaining("salt");
        assertThatThrownBy(() -> PasswordFile.parse(List.of("no colon here")))
                .isInstanceOf(SecurityFileException.class).hasMessageContaining("user:hash");
        assertThatThrownBy(() -> PasswordFile.parse(List.of("a:$7$0$AAAA$AAAA")))
                .hasMessageContaining("iteration count");
        assertThatThrownBy(() -> PasswordFile.parse(List.of("a:$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA")))
                .as("a hash may not ask for unbounded memory").hasMessageContaining("beyond");
    }

    @Test
    void aUserListedTwiceIsAnError() {
        PasswordHash hash = PasswordHash.create(PasswordHash.Algorithm.BCRYPT, utf8("x"));
        assertThatThrownBy(() -> PasswordFile.parse(List.of("a:" + hash.encoded(), "a:" + hash.encoded())))
                .isInstanceOf(SecurityFileException.class).hasMessageContaining("twice");
    }
}
