package org.telemetrybridge.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import org.telemetrybridge.log.BridgeLog;

/**
 * The embedded stand-in queue manager ({@code bridge.embedded.*}).
 *
 * @param dataDir the broker's journal: messages, durable subscriptions, sessions, retained publications
 * @param jmsHost address of the JMS acceptor; loopback by default
 * @param jmsPort port of the JMS acceptor for local applications; 0 picks a free port, -1 turns it off
 * @param mqscDir a directory whose {@code *.mqsc} scripts are applied at start, in name order, instead of
 *                the scripts shipped in the jar (the project's {@code mqsc/}); an empty directory applies none
 * @param jmsUser the user JMS applications give to the acceptor; anonymous connections are refused
 * @param jmsPassword its password; empty (the default) to generate one on first start and keep it in
 *                {@code <data-dir>/jms-credentials.properties}, readable by the owner only
 * @param journalBufferTimeout how long the journal gathers writes before one write and sync (Artemis'
 *                journal-buffer-timeout); shorter answers persistent senders sooner with more syncs
 */
@Validated
@ConfigurationProperties("bridge.embedded")
public record EmbeddedBackendProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("127.0.0.1") String jmsHost,
        @DefaultValue("61616") @Min(-1) @Max(65535) int jmsPort,
        Path mqscDir,
        @DefaultValue("app") @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}") String jmsUser,
        @DefaultValue("") String jmsPassword,
        @DefaultValue("500us") Duration journalBufferTimeout) {

    public EmbeddedBackendProperties {
        if (journalBufferTimeout.toNanos() < 1_000 || journalBufferTimeout.compareTo(Duration.ofSeconds(1)) > 0) {
            BridgeLog.journalBufferTimeoutRefused(journalBufferTimeout);
            throw new IllegalArgumentException("bridge.embedded.journal-buffer-timeout must be between 1us and 1s,"
                    + " not " + journalBufferTimeout + " (TBR0394E)");
        }
    }
}
