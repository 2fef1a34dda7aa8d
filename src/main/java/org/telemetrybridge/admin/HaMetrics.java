package org.telemetrybridge.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

import org.telemetrybridge.backend.jms.JmsBackend;

/**
 * {@code bridge.ha.active}: 1 while this bridge serves devices. With active/standby that is while it
 * holds the lock queue (one bridge of the group at a time); without, while its backend is connected.
 * Summed over the bridges of one queue manager it must be 1; 0 means no bridge serves.
 */
@Component
public class HaMetrics implements MeterBinder {

    private final JmsBackend backend;

    public HaMetrics(JmsBackend backend) {
        this.backend = backend;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("bridge.ha.active", backend, b -> b.available() ? 1 : 0)
                .description("1 while this bridge serves devices (active/standby: holds TBRIDGE.ACTIVE), else 0")
                .register(registry);
    }
}
