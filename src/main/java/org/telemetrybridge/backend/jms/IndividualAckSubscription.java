package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Session;

/**
 * A subscription on a provider that acknowledges one message on its own (Artemis'
 * INDIVIDUAL_ACKNOWLEDGE): each message is acknowledged as soon as the device has it.
 */
final class IndividualAckSubscription implements AckingSubscription {

    private final PausableConsumer consumer;

    IndividualAckSubscription(Session session, ConsumerOpener opener, MessageHandler handler) throws JMSException {
        this.consumer = new PausableConsumer(session, opener.open(session), message -> handler.handle(message, () -> {
            try {
                message.acknowledge();
            } catch (JMSException e) {
                // The session closed first: the message is redelivered to the next subscriber.
            }
        }));
    }

    @Override
    public void pause() {
        consumer.pause();
    }

    @Override
    public void resume() {
        consumer.resume();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
