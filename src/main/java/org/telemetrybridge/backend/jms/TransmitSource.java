package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * Where the transmit-queue drain ({@link JmsTransmitQueue}) takes its messages from and settles
 * them: by default a JMS consumer ({@link JmsConsumerSource}); the embedded broker's dialect gives
 * a consumer inside the broker ({@link JmsDialect#transmitSource()}). Used by the drain's thread only.
 */
public interface TransmitSource {

    /** The next message, waiting at most this long (0: not at all); null if there is none. */
    Message receive(long timeoutMillis) throws JMSException;

    /** Acknowledges a delivered message, to take effect at the next {@link #commitAcknowledgements()}. */
    void acknowledgeLater(Message message) throws JMSException;

    /** Makes the acknowledgements given since the last call take effect. */
    void commitAcknowledgements() throws JMSException;

    /** Takes a message off the queue at once: it expired, or its held or dead-letter copy is committed. */
    void remove(Message message) throws JMSException;

    /**
     * Gives back to the queue what was received and not removed, or acknowledged and not committed:
     * it is delivered again, as after a crash.
     */
    void close();
}
