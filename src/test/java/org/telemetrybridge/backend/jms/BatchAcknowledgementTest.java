package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.config.EmbeddedBackendConfiguration;
import org.telemetrybridge.session.port.Delivery;
import org.telemetrybridge.session.port.DurableSubscriber;
import org.telemetrybridge.session.port.Publication;
import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;

/**
 * Durable subscriptions on a provider without per-message acknowledgement (IBM MQ), played on the
 * embedded Artemis broker in CLIENT_ACKNOWLEDGE mode, where one acknowledge also covers every message
 * the session consumed: nothing the device has not acknowledged is ever removed, nothing it has is
 * delivered again, and no more than the window is ever outstanding.
 */
class BatchAcknowledgementTest {

    private static final int WINDOW = 10;
    private static final String CLIENT = "DEV1";
    private static final String FILTER = "sensors/#";

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private JmsBackend backend;
    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger maxOutstanding = new AtomicInteger();

    @BeforeEach
    void start() {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        backend = new JmsBackend(new IbmMqLikeDialect(EmbeddedBackendConfiguration.dialect(broker), WINDOW), 1);
        backend.start();
    }

    @AfterEach
    void stop() {
        backend.stop();
        broker.stop();
    }

    @Test
    void everyMessageArrivesOnceWhenTheDeviceAcknowledgesOutOfOrderAndTheWindowIsNeverExceeded() throws Exception {
        DurableSubscriber subscriber = open();
        publish(0, 95);

        List<Delivery> batch = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        while (seen.size() < 95) {
            Delivery delivery = next();
            seen.add(number(delivery));
            batch.add(delivery);
            // The device acknowledges in bursts of five, newest first (a burst never spans the window).
            if (batch.size() == 5 || seen.size() == 95) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    acknowledge(batch.get(i));
                }
                batch.clear();
            }
        }
        assertThat(seen).containsExactlyElementsOf(range(0, 95));
        assertThat(maxOutstanding.get()).isLessThanOrEqualTo(WINDOW);

        // A reconnect after everything was acknowledged redelivers nothing: the next message is new.
        subscriber.close();
        publish(95, 96);
        subscriber = open();
        assertThat(number(next())).isEqualTo(95);
        subscriber.close();
    }

    @Test
    void deliveryStopsAtTheWindowUntilTheDeviceCatchesUp() throws Exception {
        DurableSubscriber subscriber = open();
        publish(0, 3 * WINDOW);

        List<Delivery> first = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            first.add(next());
        }
        // The device acknowledges all but one; the eleventh message is not consumed before that one.
        for (int i = 0; i < WINDOW - 1; i++) {
            acknowledge(first.get(i));
        }
        acknowledge(first.get(WINDOW - 1));

        List<Integer> rest = new ArrayList<>();
        while (rest.size() < 2 * WINDOW) {
            Delivery delivery = next();
            rest.add(number(delivery));
            acknowledge(delivery);
        }
        assertThat(rest).containsExactlyElementsOf(range(WINDOW, 3 * WINDOW));
        assertThat(maxOutstanding.get()).isEqualTo(WINDOW);
        subscriber.close();
    }

    @Test
    void messagesTheDeviceHasNotAcknowledgedComeBackAfterADisconnect() throws Exception {
        DurableSubscriber subscriber = open();
        publish(0, 8);
        List<Delivery> delivered = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delivered.add(next());
        }
        // The device acknowledges five of eight, then its connection drops.
        for (int i = 0; i < 5; i++) {
            acknowledge(delivered.get(i));
        }
        subscriber.close();
        outstanding.set(0);

        publish(8, 10);
        subscriber = open();
        List<Integer> after = new ArrayList<>();
        int last = -1;
        while (last != 9) {
            Delivery delivery = next();
            last = number(delivery);
            after.add(last);
            acknowledge(delivery);
        }
        // Nothing is lost: the three unacknowledged ones come again, in order, before the new ones.
        // (One CLIENT_ACKNOWLEDGE covers the whole session, so the five acknowledged with them may come
        // again too: at least once, as MQTT QoS 1 allows.)
        assertThat(after).containsSubsequence(5, 6, 7, 8, 9).isSorted();
        subscriber.close();
    }

    private DurableSubscriber open() {
        DurableSubscriber subscriber = backend.openDurableSubscriber(CLIENT);
        subscriber.subscribe(FILTER, delivery -> {
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            received.add(delivery);
        });
        return subscriber;
    }

    private void acknowledge(Delivery delivery) {
        outstanding.decrementAndGet();
        delivery.acknowledgement().acknowledge();
    }

    private Delivery next() throws InterruptedException {
        Delivery delivery = received.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).as("a delivery").isNotNull();
        return delivery;
    }

    private void publish(int from, int to) {
        for (int i = from; i < to; i++) {
            backend.publish(new Publication("sensors/" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1,
                    false, "PUBLISHER"), null).join();
        }
    }

    private static int number(Delivery delivery) {
        return Integer.parseInt(new String(delivery.payload(), StandardCharsets.UTF_8));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = from; i < to; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
