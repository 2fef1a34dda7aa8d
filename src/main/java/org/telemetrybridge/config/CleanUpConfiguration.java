package org.telemetrybridge.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.backend.jms.JmsTransmitQueue;
import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.LeftoverJanitor;
import org.telemetrybridge.session.PointToPoint;
import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.session.port.DeviceSubscriptions;

/** The clean-up settings: the janitor for backend leftovers, and what becomes of removed sessions' messages. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CleanUpProperties.class)
public class CleanUpConfiguration {

    @Bean
    LeftoverJanitor leftoverJanitor(SessionRegistry registry, PointToPoint pointToPoint, JmsTransmitQueue transmitQueue,
                                    ObjectProvider<DeviceSubscriptions> deviceSubscriptions, CleanUpProperties properties) {
        // Purge and expiry remove held messages through the router, so it is told here what to do with them.
        pointToPoint.waitingMessages(properties.waitingMessages());
        return new LeftoverJanitor(registry, pointToPoint, transmitQueue, deviceSubscriptions.getIfAvailable(),
                new LeftoverJanitor.Settings(properties.leftovers(), properties.leftoverGrace()));
    }

    /** Looks for leftovers on a thread of its own, every leftover-interval. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService leftoverJanitorThread(LeftoverJanitor janitor, CleanUpProperties properties) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("tb-leftover-janitor").daemon().factory());
        long interval = Math.max(1, properties.leftoverInterval().toMillis());
        thread.scheduleWithFixedDelay(() -> {
            try {
                janitor.sweep(System.currentTimeMillis());
            } catch (RuntimeException e) { // the backend is down, for instance: the next sweep tries again
                BridgeLog.leftoverCheckFailed(e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        return thread;
    }
}
