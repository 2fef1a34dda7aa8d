package org.telemetrybridge.session.port;

/**
 * Decides, for each message taken from the transmit queue, where it goes: straight to its connected
 * client, to the held messages of its client, or to the dead-letter queue. Implemented by the core,
 * which knows the sessions; called on the backend's single transmit-queue thread, in queue order.
 */
public interface TransmitRouter {

    sealed interface Decision permits Delivered, Hold, DeadLetter {
    }

    /** The delivery was handed to the connected client. */
    record Delivered() implements Decision {
    }

    /** Keep the message for its client on the held-messages queue. */
    record Hold() implements Decision {
    }

    /** Put the message on the dead-letter queue. */
    record DeadLetter(UndeliverableReason reason) implements Decision {
    }

    /**
     * The client a message for queue manager {@code name} is for: the name itself, or the client whose
     * derived pseudo queue manager name it is. Asked once per message, before {@link #route}.
     */
    default String clientIdOf(String name) {
        return name;
    }

    /**
     * @param directPossible false when the backend cannot settle a message on its own once the client
     *                       has it (a provider without per-message acknowledgement): then every
     *                       message goes through the held queue, and the answer is never Delivered
     */
    Decision route(String clientId, Delivery delivery, boolean directPossible);

    /** A message the router said to hold is now stored on the held-messages queue. */
    void held(String clientId);

    /** A message for which {@link #route} said Hold could not be stored; it stays on the transmit queue. */
    void holdFailed(String clientId);

    /** Held messages of a client left the held queue other than by delivery (hold time expired). */
    void heldRemoved(String clientId, int count);
}
