package org.telemetrybridge.session.port;

/**
 * The durable subscriptions of one persistent session while its client is connected. Messages stay
 * in the backend until their {@link Delivery.Acknowledgement} is called; closing the subscriber
 * returns unacknowledged messages to the backend, to be redelivered when the client returns.
 */
public interface DurableSubscriber extends AutoCloseable {

    /** Creates the durable subscription if needed and starts delivering its messages to the sink. */
    void subscribe(String filter, DeliverySink sink);

    /** Stops delivery and deletes the durable subscription with the messages it holds. */
    void unsubscribe(String filter);

    /** Stops handing out messages, for a client that falls behind; they stay in the backend. */
    void pause();

    /** Resumes delivery after {@link #pause()}. */
    void resume();

    /** Stops delivery and keeps the durable subscriptions. */
    @Override
    void close();
}
