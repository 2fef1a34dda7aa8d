package org.telemetrybridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import javax.net.ssl.SSLSocketFactory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.validation.annotation.Validated;

import org.telemetrybridge.backend.ibmmq.DeviceIdentity;
import org.telemetrybridge.backend.ibmmq.IbmMqSettings;
import org.telemetrybridge.backend.ibmmq.PublicationForm;

/**
 * The IBM MQ queue manager the bridge uses ({@code ibm.mq.*}), with the names of IBM's
 * mq-jms-spring starter, so settings written for it work here. The defaults are those of IBM's MQ
 * developer container (queue manager QM1, channel DEV.APP.SVRCONN, user app).
 *
 * @param queueManager      queue manager name
 * @param connName          connection name list: {@code host(port)}, comma-separated for a multi-instance
 *                          or a list of queue managers tried in order
 * @param channel           server-connection channel
 * @param user              user id for connection authentication (sent in an MQCSP); empty for none
 * @param password          its password
 * @param ccdtUrl           client channel definition table (e.g. {@code file:///etc/mq/ccdt.json}); replaces
 *                          conn-name and channel when set
 * @param sslCipherSuite    TLS cipher suite (turns TLS on), matching the channel's SSLCIPH: a JSSE name such as
 *                          {@code TLS_AES_256_GCM_SHA384}, or IBM's alias {@code *TLS13ORHIGHER} for
 *                          SSLCIPH(ANY_TLS13_OR_HIGHER), {@code *TLS12ORHIGHER} for ANY_TLS12_OR_HIGHER; empty for none
 * @param sslPeerName       distinguished-name pattern the queue manager's certificate must match
 * @param applicationName   the application name MQ shows for the bridge's connections (max 28 characters)
 * @param jks               key and trust store for TLS
 * @param maxUnacknowledged messages one durable subscription holds consumed but not yet acknowledged by
 *                          the device; keep it below the queue manager's MAXUMSGS (default 10000)
 * @param retainedWait      how long a new subscription waits for MQ's retained publications
 * @param startupChecks     check the queue manager's set-up with PCF after connecting (TBR0064I..TBR0083W)
 * @param sslBundle         a Spring Boot SSL bundle ({@code spring.ssl.bundle.pem|jks.<name>}) with the bridge's
 *                          certificate and key (for SSLCAUTH(REQUIRED)) and the queue manager's CA; instead of
 *                          {@code jks}; empty for none
 * @param publicationForm   how device publications are put: {@code jms} (JMS user properties mqtt_clientid,
 *                          mqtt_qos; MQ classes for JMS add an MQRFH2 that plain MQI readers see) or
 *                          {@code mq-telemetry} (as MQ Telemetry did: an MQRFH2 with an mqtt folder only, so a
 *                          plain MQGET under PROPCTL(COMPAT) gets the bare payload); see docs/ibmmq.md
 * @param deviceIdentity    whom a device acts as towards MQ for its persistent session's subscriptions:
 *                          {@code bridge} (the bridge's user, as before), {@code user} (its authenticated user)
 *                          or {@code client-id} (MQ Telemetry's USECLTID(YES)); the latter two need ALTUSR
 */
@Validated
@ConfigurationProperties("ibm.mq")
public record IbmMqProperties(
        @DefaultValue("QM1") @NotBlank @Size(max = 48) String queueManager,
        @DefaultValue("localhost(1414)") String connName,
        @DefaultValue("DEV.APP.SVRCONN") @Size(max = 20) String channel,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("") String ccdtUrl,
        @DefaultValue("") String sslCipherSuite,
        @DefaultValue("") String sslPeerName,
        @DefaultValue("TelemetryBridge") @Size(max = 28) String applicationName,
        @DefaultValue Jks jks,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int maxUnacknowledged,
        @DefaultValue("200ms") Duration retainedWait,
        @DefaultValue("true") boolean startupChecks,
        @DefaultValue("") String sslBundle,
        @DefaultValue("jms") PublicationForm publicationForm,
        @DefaultValue("bridge") DeviceIdentity deviceIdentity) {

    /**
     * Key and trust store ({@code ibm.mq.jks.*}), JKS or PKCS12.
     *
     * @param keyStore           the bridge's certificate and key, for mutual TLS (SSLCAUTH(REQUIRED))
     * @param keyStorePassword   its password
     * @param trustStore         the CA of the queue manager's certificate; empty uses the JVM's trust store
     * @param trustStorePassword its password
     */
    public record Jks(
            @DefaultValue("") String keyStore,
            @DefaultValue("") String keyStorePassword,
            @DefaultValue("") String trustStore,
            @DefaultValue("") String trustStorePassword) {
    }

    /** The settings without an SSL bundle: for a context that has no SSL bundles. */
    public IbmMqSettings toSettings() {
        return toSettings(null);
    }

    /**
     * The settings, with TLS sockets from {@link #sslBundle()} when it is set. The bundle is looked up at each
     * connection, so a bundle Spring Boot reloaded (renewed certificate) is used from the next one.
     *
     * @throws IllegalArgumentException when the bundle is set but cannot be used as it stands
     */
    public IbmMqSettings toSettings(SslBundles bundles) {
        Supplier<SSLSocketFactory> tlsSockets = null;
        if (!sslBundle.isBlank()) {
            if (sslCipherSuite.isBlank()) {
                throw new IllegalArgumentException("ibm.mq.ssl-bundle is set but ibm.mq.ssl-cipher-suite is not: set it"
                        + " to match the channel's SSLCIPH, e.g. *TLS13ORHIGHER for ANY_TLS13_OR_HIGHER");
            }
            if (!jks.keyStore().isBlank() || !jks.trustStore().isBlank()) {
                throw new IllegalArgumentException("ibm.mq.ssl-bundle and ibm.mq.jks.* are both set: use one");
            }
            if (bundles == null) {
                throw new IllegalArgumentException("ibm.mq.ssl-bundle '" + sslBundle + "' cannot be used here: no SSL"
                        + " bundles are configured (spring.ssl.bundle.*)");
            }
            bundles.getBundle(sslBundle); // fails at start, naming the bundle, if it does not exist
            tlsSockets = () -> bundles.getBundle(sslBundle).createSslContext().getSocketFactory();
        }
        return new IbmMqSettings(queueManager, connName, channel, user, password, ccdtUrl, sslCipherSuite,
                sslPeerName, path(jks.keyStore()), jks.keyStorePassword(), path(jks.trustStore()),
                jks.trustStorePassword(), applicationName, maxUnacknowledged, retainedWait, tlsSockets,
                publicationForm, deviceIdentity);
    }

    private static Path path(String file) {
        return file == null || file.isBlank() ? null : Path.of(file);
    }
}
