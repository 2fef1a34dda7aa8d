package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import org.telemetrybridge.support.BridgeInstance;

/** A setting nobody reads is named, with the one probably meant, instead of silently ignored. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownSettingsCheckTest {

    private final KnownSettings known = KnownSettings.ofBridge();

    @TempDir
    Path data;

    @Test
    void everySettingOfTheRecordsIsKnownInAnyRelaxedForm() {
        assertThat(known.contains("bridge.mqtt.port")).isTrue();
        assertThat(known.contains("bridge.mqtt.max-packet-size")).isTrue();
        assertThat(known.contains("bridge.mqtt.maxPacketSize")).isTrue();
        assertThat(known.contains("ibm.mq.queueManager")).isTrue();
        assertThat(known.contains("ibm.mq.jks.key-store")).isTrue();
        assertThat(known.contains("bridge.backend")).isTrue();
        // A map of records: any name, then the record's settings.
        assertThat(known.contains("bridge.listeners.secure.port")).isTrue();
        assertThat(known.contains("bridge.listeners.secure.ssl-bundle")).isTrue();
        assertThat(known.contains("bridge.listeners.secure.prot")).isFalse();
        // Bracketed map keys hold any character.
        assertThat(known.contains("bridge.session.expiry-by-client-id[SENSOR.*]")).isTrue();
        assertThat(known.contains("bridge.session.expiry-by-client-id.plain")).isTrue();
        assertThat(known.contains("bridge.session.expiry[0]")).isTrue();
        assertThat(known.contains("bridge.session.expyri[0]")).isFalse();
        assertThat(known.contains("bridge.mqtt.prot")).isFalse();
        assertThat(known.contains("ibm.mq.queue-manger")).isFalse();
    }

    @Test
    void theClosestKnownSettingIsOffered() {
        assertThat(known.closest("bridge.mqtt.prot")).contains("bridge.mqtt.port");
        assertThat(known.closest("ibm.mq.queue-manger")).contains("ibm.mq.queue-manager");
        assertThat(known.closest("bridge.nothing.like.anything.at.all")).isEmpty();
    }

    @Test
    void aMisspeltSettingStopsTheStartAndNamesTheOneMeant(CapturedOutput output) {
        assertThatThrownBy(() -> new BridgeInstance(data, Map.of("bridge.mqtt.prot", "1884")).start())
                .hasMessageContaining("bridge.mqtt.prot");
        assertThat(output.getOut()).contains("TBR0240E Unknown setting 'bridge.mqtt.prot'")
                .contains("did you mean 'bridge.mqtt.port'?");
    }

    @Test
    void warnModeStartsAnyway(CapturedOutput output) {
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of("bridge.mqtt.prot", "1884",
                "bridge.unknown-settings", "warn")).start()) {
            assertThat(bridge.mqttPort()).isPositive();
        }
        assertThat(output.getOut()).contains("TBR0240E Unknown setting 'bridge.mqtt.prot'");
    }

    @Test
    void environmentVariablesOnlyWarn(CapturedOutput output) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("BRIDGE_MQTT_PORT", "1", "BRIDGE_EMBEDDED_DATA_DIR", "/d",
                                "BRIDGE_LISTENERS_SECURE_SSL_BUNDLE", "b", "IBM_MQ_QUEUE_MANAGER", "Q",
                                "BRIDGE_MQTT_PROT", "1", "BRIDGE_SERVICE_HOST", "10.0.0.1", "PATH", "/bin")));
        assertThatCode(() -> UnknownSettingsCheck.check(environment, known)).doesNotThrowAnyException();
        assertThat(output.getOut()).contains("TBR0241W Environment variable BRIDGE_MQTT_PROT")
                .contains("TBR0241W Environment variable BRIDGE_SERVICE_HOST")
                .doesNotContain("BRIDGE_MQTT_PORT ").doesNotContain("BRIDGE_EMBEDDED_DATA_DIR")
                .doesNotContain("BRIDGE_LISTENERS_SECURE_SSL_BUNDLE").doesNotContain("IBM_MQ_QUEUE_MANAGER")
                .doesNotContain("PATH");
    }

    @Test
    void settingsOutsideTheBridgesPrefixesAreLeftToTheirOwners() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "server.port", "0", "management.endpoints.web.exposure.include", "*", "bridgeish.x", "1")));
        assertThatCode(() -> UnknownSettingsCheck.check(environment, known)).doesNotThrowAnyException();
    }

}
