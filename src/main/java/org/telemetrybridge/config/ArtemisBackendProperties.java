package org.telemetrybridge.config;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The stand-in queue manager run by another process, reached over TCP ({@code bridge.backend=artemis},
 * {@code bridge.artemis.*}): how several bridges share one stand-in, as they share one IBM MQ queue
 * manager.
 *
 * @param url      the broker's Core URL. The defaults let the broker notice a dead bridge within seconds:
 *                 the client pings every {@code clientFailureCheckPeriod} ms, and the broker drops a
 *                 connection silent for {@code connectionTTL} ms, which frees the active/standby lock
 * @param user     the user the broker knows the bridge by (the embedded stand-in's
 *                 {@code bridge.embedded.jms-user})
 * @param password its password
 */
@Validated
@ConfigurationProperties("bridge.artemis")
public record ArtemisBackendProperties(
        @DefaultValue("tcp://127.0.0.1:61616?clientFailureCheckPeriod=2000&connectionTTL=6000")
        @Pattern(regexp = "(tcp|ssl)://.+") String url,
        @DefaultValue("app") String user,
        @DefaultValue("") String password) {
}
