package org.telemetrybridge.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import org.telemetrybridge.session.LeftoverJanitor;
import org.telemetrybridge.session.WaitingMessages;

/**
 * What the bridge does with messages and subscriptions nobody will collect ({@code bridge.clean-up.*}).
 *
 * @param waitingMessages   what becomes of the messages held for a client whose session is purged or expires,
 *                          and of leftovers removed: {@code dead-letter} (the default: where an MQ administrator
 *                          looks for undeliverable messages, with the reason) or {@code discard}
 * @param leftovers         what the janitor does with leftovers (held messages and subscriptions of client ids
 *                          without a session): {@code report} (the default: they may belong to another bridge or
 *                          to MQ Telemetry on the same queue manager, and a removal cannot be undone) or
 *                          {@code remove}
 * @param leftoverGrace     how long a client id's leftovers must be seen before {@code remove} removes them
 * @param leftoverInterval  how often the janitor looks for leftovers (it reads the held queue's depth per client)
 */
@Validated
@ConfigurationProperties("bridge.clean-up")
public record CleanUpProperties(
        @DefaultValue("dead-letter") WaitingMessages waitingMessages,
        @DefaultValue("report") LeftoverJanitor.Action leftovers,
        @DefaultValue("24h") Duration leftoverGrace,
        @DefaultValue("10m") Duration leftoverInterval) {
}
