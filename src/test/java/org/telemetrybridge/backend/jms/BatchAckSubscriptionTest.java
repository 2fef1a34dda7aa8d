package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.port.Delivery;

/**
 * BatchAckSubscription alone, on mocked JMS objects: a unit test of its threading. The session is
 * single-threaded, so while the listener closes its own consumer at the window, nothing else may
 * commit on it or open the next consumer: under load that overlap let a consumer go on delivering
 * past the window (BatchAcknowledgementTest once saw 12 outstanding with a window of 10).
 */
class BatchAckSubscriptionTest {

    private final JmsBackend backend = new JmsBackend(mock(JmsDialect.class), 1);

    @AfterEach
    void stop() {
        backend.acknowledger().shutdownNow();
    }

    @Test
    void theSessionIsNotAcknowledgedNorAConsumerOpenedWhileTheListenerIsStillClosingItsOwn() throws Exception {
        CountDownLatch closeStarted = new CountDownLatch(1);
        CountDownLatch closeMayReturn = new CountDownLatch(1);
        List<MessageConsumer> opened = new CopyOnWriteArrayList<>();
        AtomicReference<MessageListener> listener = new AtomicReference<>();
        AckingSubscription.ConsumerOpener opener = session -> {
            MessageConsumer consumer = mock(MessageConsumer.class);
            doAnswer(call -> {
                listener.set(call.getArgument(0));
                return null;
            }).when(consumer).setMessageListener(any());
            if (opened.isEmpty()) {
                // The first consumer's close is slow, as on a loaded machine.
                doAnswer(call -> {
                    closeStarted.countDown();
                    assertThat(closeMayReturn.await(30, TimeUnit.SECONDS)).isTrue();
                    return null;
                }).when(consumer).close();
            }
            opened.add(consumer);
            return consumer;
        };
        List<Delivery.Acknowledgement> delivered = new CopyOnWriteArrayList<>();
        new BatchAckSubscription(backend, mock(Session.class), "t/#", opener,
                (message, acknowledgement) -> delivered.add(acknowledgement), 2);

        Message first = mock(Message.class);
        Message second = mock(Message.class);
        Thread listenerThread = Thread.ofPlatform().start(() -> {
            listener.get().onMessage(first);
            listener.get().onMessage(second); // the window is full: the listener closes its consumer
        });
        assertThat(closeStarted.await(10, TimeUnit.SECONDS)).isTrue();
        delivered.forEach(Delivery.Acknowledgement::acknowledge); // the device has both

        // While the listener's close has not returned, the session stays the listener's.
        Awaitility.await("no second consumer while the listener closes its own")
                .during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> opened.size() == 1);
        verify(second, never()).acknowledge();

        closeMayReturn.countDown();
        listenerThread.join(10_000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> opened.size() == 2);
        verify(second).acknowledge();
    }
}
