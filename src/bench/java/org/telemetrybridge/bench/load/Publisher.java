package org.telemetrybridge.bench.load;

import java.util.function.Consumer;

/** Something that sends the load generator's messages: an MQTT client or a JMS producer. */
public interface Publisher {

    /** Receivers expected to get each message this publisher sends. */
    int deliveriesPerMessage();

    /**
     * Sends one message. An asynchronous publisher returns at once and reports a failed send with
     * {@code onFailure}; a blocking one (JMS) returns when the server has taken it.
     */
    void publish(long sequence, byte[] payload, Consumer<Throwable> onFailure) throws Exception;

    /** True if {@link #publish} blocks: such publishers each get a thread of their own. */
    default boolean blocking() {
        return false;
    }
}
