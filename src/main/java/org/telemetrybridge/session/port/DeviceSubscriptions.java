package org.telemetrybridge.session.port;

import java.util.Map;
import java.util.Set;

/**
 * The subscriptions of persistent sessions, made as MQ Telemetry made them: the backend puts every
 * publication that matches one on SYSTEM.MQTT.TRANSMIT.QUEUE, addressed to the subscription's client
 * (its pseudo queue manager), whether the client is connected or away. The one transmit-queue drain
 * then delivers publications and point-to-point messages alike, so the bridge's number of backend
 * connections does not grow with the number of devices or subscriptions.
 *
 * <p>On IBM MQ a subscription is an MQSUB named {@code ClientIdentifier:TopicFilter} whose destination
 * is queue SYSTEM.MQTT.PUBLICATION.QUEUE on queue manager <i>ClientIdentifier</i>, which resolves
 * through the default transmission queue. A message such a subscription puts carries the
 * subscription's QoS, which the drain reads as {@code TransmitMessage#subscriptionQos}.
 *
 * <p>Every method may block on the backend; none may be called on a network event loop.
 */
public interface DeviceSubscriptions {

    /**
     * Creates the subscription, or changes its QoS if it exists (MQTT's replace [MQTT-3.8.4-3]).
     *
     * @param queueManagerName the pseudo queue manager name the client's messages are addressed to:
     *                         its client id, or the name derived from it
     * @throws BackendUnavailableException if the backend cannot make it now
     */
    void subscribe(String clientId, String queueManagerName, String filter, int qos);

    /**
     * As {@link #subscribe(String, String, String, int)}, with MQTT 5's No Local: the backend leaves the
     * client's own publications out [MQTT-3.8.3-3]. A changed No Local replaces the subscription. A backend
     * that cannot filter so refuses a No Local subscription rather than deliver what it must not.
     *
     * @throws BackendUnavailableException if the backend cannot make it now, or cannot leave out the
     *                                     client's own publications
     */
    default void subscribe(String clientId, String queueManagerName, String filter, int qos, boolean noLocal) {
        if (noLocal) {
            throw new BackendUnavailableException("this backend's device subscriptions have no No Local", null);
        }
        subscribe(clientId, queueManagerName, filter, qos);
    }

    /**
     * As {@link #subscribe(String, String, String, int, boolean)}, for a device whose authenticated user is
     * {@code user} (null if anonymous): a backend that makes each device's subscriptions as the device's own
     * identity (IBM MQ's {@code ibm.mq.device-identity}) uses it; others ignore it.
     *
     * @throws BackendRefusedException if the backend refuses the device (not authorized)
     */
    default void subscribe(String clientId, String user, String queueManagerName, String filter, int qos,
                           boolean noLocal) {
        subscribe(clientId, queueManagerName, filter, qos, noLocal);
    }

    /**
     * Deletes the subscription. Messages it already put on the transmit queue stay there.
     *
     * @return whether it existed
     */
    boolean unsubscribe(String clientId, String filter);

    /** The subscriptions of one client: filter to QoS. */
    Map<String, Integer> of(String clientId);

    /**
     * Every client id that has at least one subscription: what a janitor compares with the sessions it
     * knows. A backend that reads it cheaply (from subscription names) may add ids that have none;
     * {@link #of} is exact.
     */
    Set<String> clientIds();

    /**
     * Deletes every subscription of one client (purge, session expiry, a clean session replacing a
     * persistent one). Messages they already put on the transmit queue stay there.
     *
     * @return how many there were
     */
    default int unsubscribeAll(String clientId) {
        int removed = 0;
        for (String filter : of(clientId).keySet()) {
            if (unsubscribe(clientId, filter)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * The backend connections this implementation holds of its own, beside the JMS adapter's (MQ classes
     * for Java connections, say): part of the gauge {@code bridge.backend.connections}. A fixed figure,
     * whatever the number of subscriptions.
     */
    default int backendConnections() {
        return 0;
    }
}
