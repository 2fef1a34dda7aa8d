package org.telemetrybridge.session.port;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The port the core talks to: the queue manager's topic tree, clean sessions' shared subscriptions,
 * retained publications and the store of persistent sessions (whose subscriptions are
 * {@link DeviceSubscriptions}). Methods that return a future never block;
 * the others may block on the backend and must not be called on a network event loop.
 */
public interface Backend {

    /**
     * Publishes to the topic tree. The future completes once the backend has accepted the message
     * (durably, for QoS 1 and 2), which is when the device may be acknowledged.
     *
     * @param stateAfter if not null, stored in the same transaction as the publication: how an inbound
     *                   QoS 2 packet id is recorded exactly once with its message
     */
    CompletableFuture<Void> publish(Publication publication, SessionState stateAfter);

    /** Stores a persistent session's state, replacing what was stored for its client id. */
    CompletableFuture<Void> saveSession(SessionState state);

    /**
     * Forgets a persistent session's stored state, and any JMS durable subscriptions an earlier version
     * made for the filters.
     */
    void deleteSession(String clientId, Collection<String> filters);

    /** The persistent sessions stored by earlier runs. */
    Collection<SessionState> storedSessions();

    /**
     * A non-durable subscription shared by every clean-session client of this bridge that
     * subscribed with the same filter. It leaves out what this bridge published itself: the core
     * delivers those to its clean sessions directly.
     */
    BackendSubscription subscribeShared(String filter, DeliverySink sink);

    /**
     * One member's consumer of an MQTT {@code $share} group: a JMS 2 shared subscription called
     * {@code name} on the filter's topic, durable or not, made if it does not exist. The provider hands
     * each message to one consumer of the subscription, this bridge's members and JMS applications
     * alike, this bridge's own publications included; a message not acknowledged when its consumer
     * closes goes to another consumer, or waits in a durable subscription. Each delivery's
     * acknowledgement settles it once the device has it.
     *
     * @throws BackendUnavailableException if the backend cannot make it now
     */
    default BackendSubscription joinGroup(String name, String filter, boolean durable, DeliverySink sink) {
        throw new BackendUnavailableException("this backend has no shared subscriptions", null);
    }

    /**
     * Whether every group must be durable here, whatever its members' sessions: a provider without
     * per-message acknowledgement (IBM MQ) settles a consumer's messages in batches, closing the consumer
     * between them, and a non-durable shared subscription would end with each such close. A durable one
     * is then deleted after its last member in the bridge, as {@link #deleteGroup} says.
     */
    default boolean groupsAlwaysDurable() {
        return false;
    }

    /**
     * Deletes a durable group's subscription with the messages waiting in it, once this bridge's last
     * member has left.
     *
     * @return false if the provider keeps it because a consumer is still on it (a JMS application, a
     *         member on another bridge); it goes when that consumer's side deletes it
     * @throws BackendUnavailableException if the backend cannot answer now
     */
    default boolean deleteGroup(String name) {
        return true;
    }

    /** The retained publications whose topics match the filter, as deliveries with the retained flag. */
    List<Delivery> retained(String filter);

    /** True while the backend is connected and able to take messages. */
    boolean available();

    /**
     * Registers for connection changes. If the backend is connected now, {@link BackendListener#connected()}
     * is called at once, so a listener misses no state.
     */
    void addListener(BackendListener listener);

    /**
     * Whether a topic name or filter names something of the backend's own rather than the topic space
     * devices share (an embedded broker's management address, for instance). Such names are refused
     * before they reach the backend, for publishing and subscribing alike.
     *
     * @return null if devices may use it, otherwise why not, in plain words
     */
    default String reservedTopic(String topicOrFilter) {
        return null;
    }

    /** A short description for logs and health: provider, address. */
    String describe();
}
