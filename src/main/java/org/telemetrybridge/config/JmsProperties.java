package org.telemetrybridge.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.validation.annotation.Validated;

/**
 * How the bridge uses JMS, for either backend ({@code bridge.jms.*}).
 *
 * @param publisherThreads         threads (each with one transacted JMS session) that send device publications
 * @param workerThreads            threads for blocking backend work: opening and closing subscriptions
 * @param reconnectInitialInterval wait before the first retry when the backend is not reachable
 * @param reconnectMaxInterval     the wait doubles after each failed attempt up to this
 * @param maxWaitingPublications   device publications handed to the backend and not yet accepted by it,
 *                                 all clients together (the group-commit queues); past it a publication
 *                                 is refused and its client disconnected (TBR0141W), so a stalled
 *                                 backend cannot fill the heap. Each connection also stops reading at
 *                                 1,000 of its own.
 */
@Validated
@ConfigurationProperties("bridge.jms")
public record JmsProperties(
        @DefaultValue("2") @Min(1) int publisherThreads,
        @DefaultValue("8") @Min(1) int workerThreads,
        @DefaultValue("1s") Duration reconnectInitialInterval,
        @DefaultValue("60s") Duration reconnectMaxInterval,
        @DefaultValue("20000") @Min(1) int maxWaitingPublications) {

    /** Exponential backoff between connection attempts, with jitter so that many bridges do not retry in step. */
    public BackOff reconnectBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(reconnectInitialInterval.toMillis(), 2.0);
        backOff.setMaxInterval(Math.max(reconnectInitialInterval.toMillis(), reconnectMaxInterval.toMillis()));
        backOff.setJitter(reconnectInitialInterval.toMillis() / 4);
        return backOff;
    }
}
