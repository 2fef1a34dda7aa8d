package org.telemetrybridge.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may connect over MQTT and what they may use ({@code bridge.security.*}); see docs/security.md.
 *
 * @param passwordFile               users and their password hashes, as the {@code users} command and
 *                                   {@code mosquitto_passwd} write them; unset: no password users
 * @param aclFile                    topic rules in Mosquitto's acl_file format; unset: every client may
 *                                   use every topic
 * @param jaasConfig                 a JAAS configuration file whose login module checks user names and
 *                                   passwords (after the password file, for users it does not hold)
 * @param jaasEntry                  the entry (stanza) of the JAAS configuration to use
 * @param reloadInterval             how often the password and ACL files are checked for changes
 * @param authenticationThreads      threads that check passwords (slow on purpose; each Argon2 check
 *                                   takes 16 MiB while it runs)
 * @param maxPendingAuthentications  password checks that may wait for a thread; more are refused with
 *                                   CONNACK server unavailable
 * @param failureDelay               the growing delay per source address after failed logins
 */
@Validated
@ConfigurationProperties("bridge.security")
public record SecurityProperties(
        Path passwordFile,
        Path aclFile,
        Path jaasConfig,
        @DefaultValue("TelemetryBridge") String jaasEntry,
        @DefaultValue("2s") Duration reloadInterval,
        @DefaultValue("2") @Min(1) @Max(64) int authenticationThreads,
        @DefaultValue("1000") @Min(1) int maxPendingAuthentications,
        @DefaultValue @Valid FailureDelay failureDelay) {

    /**
     * After each failed login from an address, its next logins wait before their password is checked:
     * {@code initial}, doubling up to {@code max}; forgotten after a success or {@code forgetAfter} without
     * failures.
     *
     * @param initial      the wait after the first failure
     * @param max          the longest wait; kept below bridge.mqtt.connect-timeout so the client still gets
     *                     its CONNACK
     * @param forgetAfter  quiet time after which an address starts afresh
     * @param maxAddresses addresses remembered at once (the least recently seen are forgotten first)
     */
    public record FailureDelay(
            @DefaultValue("500ms") Duration initial,
            @DefaultValue("8s") Duration max,
            @DefaultValue("10m") Duration forgetAfter,
            @DefaultValue("10000") @Min(1) int maxAddresses) {
    }
}
