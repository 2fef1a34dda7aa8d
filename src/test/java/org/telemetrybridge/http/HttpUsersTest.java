package org.telemetrybridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class HttpUsersTest {

    private final PasswordEncoder encoders = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void aPlainPasswordIsKeptOnlyAsABcryptHash() {
        String stored = new HttpUsers().add("bridge.http.admin-user", "admin", "s3cret", HttpRoles.ADMIN)
                .users().getFirst().getPassword();
        assertThat(stored).startsWith("{bcrypt}$2").doesNotContain("s3cret");
        assertThat(encoders.matches("s3cret", stored)).isTrue();
    }

    @Test
    void bcryptAndArgon2HashesAreTakenAsGiven() {
        String bcrypt = encoders.encode("pw");
        String argon2 = "{argon2}" + org.springframework.security.crypto.argon2.Argon2PasswordEncoder
                .defaultsForSpringSecurity_v5_8().encode("pw");
        var users = new HttpUsers().add("bridge.http.admin-user", "a", bcrypt, HttpRoles.ADMIN)
                .add("bridge.http.prometheus-user", "p", argon2, HttpRoles.PROMETHEUS).users();
        assertThat(users.get(0).getPassword()).isEqualTo(bcrypt);
        assertThat(users.get(1).getPassword()).isEqualTo(argon2);
        assertThat(encoders.matches("pw", users.get(1).getPassword())).isTrue();
        assertThat(users.get(1).getAuthorities()).extracting(Object::toString).containsExactly("ROLE_PROMETHEUS");
    }

    @Test
    void fastOrMissingPasswordsStopTheStart() {
        assertThatThrownBy(() -> new HttpUsers().add("bridge.http.admin-user", "a", "{noop}pw", HttpRoles.ADMIN))
                .hasMessageContaining("{noop}").hasMessageContaining("{bcrypt}");
        assertThatThrownBy(() -> new HttpUsers().add("bridge.http.admin-user", "a", "", HttpRoles.ADMIN))
                .hasMessageContaining("bridge.http.admin-password");
        assertThat(new HttpUsers().add("bridge.http.admin-user", "", "", HttpRoles.ADMIN).users()).isEmpty();
    }
}
