package org.telemetrybridge.config;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the bridge uses JMS, for either backend ({@code bridge.jms.*}).
 *
 * @param publisherThreads threads (each with one transacted JMS session) that send device publications
 * @param workerThreads    threads for blocking backend work: opening and closing subscriptions
 */
@Validated
@ConfigurationProperties("bridge.jms")
public record JmsProperties(
        @DefaultValue("2") @Min(1) int publisherThreads,
        @DefaultValue("8") @Min(1) int workerThreads) {
}
