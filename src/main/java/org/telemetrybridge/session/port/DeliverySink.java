package org.telemetrybridge.session.port;

/** Receives the messages of one backend subscription. Called on a backend thread. */
@FunctionalInterface
public interface DeliverySink {

    void deliver(Delivery delivery);
}
