package org.telemetrybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.security.PasswordFile;

/** {@code java -jar telemetry-bridge.jar users ...}: the command is reached through the jar's command line. */
class UsersCommandOfTheJarTest {

    @TempDir
    Path dir;

    @Test
    void usersIsACommandOfTheJar() throws Exception {
        assertThat(BridgeCommands.isCommand(new String[] {"users"})).isTrue();
        Path file = dir.resolve("passwd");

        assertThat(BridgeCommands.run(new String[] {"users", "-c", "-b", file.toString(), "dev1", "pw"})).isZero();

        assertThat(PasswordFile.read(file).users()).containsExactly("dev1");
    }
}
