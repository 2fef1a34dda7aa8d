package org.telemetrybridge.backend.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/** Reads one form of transmit-queue message. */
@FunctionalInterface
public interface TransmitDecoder {

    /** The decoded message, or null if the message is not in this decoder's form. */
    TransmitMessage decode(Message message) throws JMSException;
}
