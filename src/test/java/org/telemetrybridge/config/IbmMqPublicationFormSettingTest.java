package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.backend.ibmmq.PublicationForm;

/** {@code ibm.mq.publication-form}: bound as written in docs (jms, mq-telemetry), JMS by default, nothing else. */
class IbmMqPublicationFormSettingTest {

    @Configuration
    @EnableConfigurationProperties(IbmMqProperties.class)
    static class Settings {
    }

    private static PublicationForm bound(String... args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run(args)) {
            return context.getBean(IbmMqProperties.class).toSettings().publicationForm();
        }
    }

    @Test
    void theJmsFormIsTheDefault() {
        assertThat(bound()).isEqualTo(PublicationForm.JMS);
        assertThat(bound("--ibm.mq.publication-form=jms")).isEqualTo(PublicationForm.JMS);
    }

    @Test
    void mqTelemetryBindsAsWrittenInTheDocsAndAsAnEnvironmentVariableValue() {
        assertThat(bound("--ibm.mq.publication-form=mq-telemetry")).isEqualTo(PublicationForm.MQ_TELEMETRY);
        assertThat(bound("--ibm.mq.publication-form=MQ_TELEMETRY")).isEqualTo(PublicationForm.MQ_TELEMETRY);
    }

    @Test
    void anyOtherValueStopsTheStart() {
        assertThatThrownBy(() -> bound("--ibm.mq.publication-form=mqtt"))
                .hasStackTraceContaining("ibm.mq.publication-form");
    }

    @Test
    void deviceIdentityIsTheBridgesByDefaultAndBindsAsWrittenInTheDocs() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run("--ibm.mq.device-identity=client-id")) {
            assertThat(context.getBean(IbmMqProperties.class).toSettings().deviceIdentity())
                    .isEqualTo(org.telemetrybridge.backend.ibmmq.DeviceIdentity.CLIENT_ID);
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run()) {
            assertThat(context.getBean(IbmMqProperties.class).toSettings().deviceIdentity())
                    .isEqualTo(org.telemetrybridge.backend.ibmmq.DeviceIdentity.BRIDGE);
        }
    }
}
