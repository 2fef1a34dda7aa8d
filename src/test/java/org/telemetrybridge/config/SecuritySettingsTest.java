package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Mosquitto;

/** bridge.security.* at start-up: a file that cannot be used stops the start; JAAS users log in over MQTT. */
@ExtendWith(OutputCaptureExtension.class)
class SecuritySettingsTest {

    @TempDir
    Path dir;

    /** The console output is read: a starting application resets logging, and appenders attached before. */
    @Test
    void aFileThatCannotBeUsedStopsTheStart(CapturedOutput output) throws Exception {
        assertThatThrownBy(() -> new BridgeInstance(dir.resolve("data"), Map.of(
                "bridge.security.password-file", dir.resolve("missing"))).start());
        assertThat(output.getOut().lines().filter(line -> line.contains("TBR0095E")))
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .contains("bridge.security.password-file", "missing", "cannot be read", "the bridge does not start");

        Path acl = dir.resolve("acl");
        Files.writeString(acl, "user alice\ntopic read a/#\ntopic read b/#/c\n");
        assertThatThrownBy(() -> new BridgeInstance(dir.resolve("data"), Map.of(
                "bridge.security.acl-file", acl)).start());
        assertThat(output.getOut().lines().filter(line -> line.contains("TBR0095E") && line.contains("acl-file")))
                .singleElement(as(InstanceOfAssertFactories.STRING)).contains("line 3", "b/#/c");
    }

    @Test
    void usersOfAJaasLoginModuleConnectAndAnonymousClientsNoLonger(CapturedOutput output) throws Exception {
        Path jaas = dir.resolve("jaas.config");
        Files.writeString(jaas, """
                MQTT {
                    org.telemetrybridge.security.TestLoginModule required user="jdoe" password="jaas-pw";
                };
                """);
        try (BridgeInstance bridge = new BridgeInstance(dir.resolve("data"), Map.of(
                "bridge.security.jaas-config", jaas, "bridge.security.jaas-entry", "MQTT")).start()) {
            int port = bridge.mqttPort();
            assertThat(Mosquitto.pub(port, "-u", "jdoe", "-P", "jaas-pw", "-t", "a", "-m", "x").exitCode()).isZero();
            assertThat(Mosquitto.pub(port, "-u", "jdoe", "-P", "wrong", "-t", "a", "-m", "x").stderr())
                    .contains("bad user name or password");
            assertThat(Mosquitto.pub(port, "-t", "a", "-m", "x").stderr()).contains("not authorised");
            assertThat(output.getOut()).contains("TBR0096I MQTT security: users from JAAS entry 'MQTT'",
                    "no ACL file: every client may use every topic");
        }
    }
}
