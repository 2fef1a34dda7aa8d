package org.telemetrybridge.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The QoS 2 exchanges a client started towards the bridge: packet ids whose PUBLISH was taken and
 * whose PUBREL has not come yet. A PUBLISH sent again with such an id is not published a second
 * time [MQTT-4.3.3-2]; a persistent session stores these ids, so that holds across a restart too.
 */
final class InboundQos2 {

    private final Map<Integer, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /** The ids of a stored session, whose messages the backend already has. */
    void restore(Set<Integer> packetIds) {
        packetIds.forEach(id -> pending.put(id, CompletableFuture.completedFuture(null)));
    }

    Set<Integer> packetIds() {
        return pending.keySet();
    }

    /**
     * Publishes a QoS 2 message once per packet id. The future completes when PUBREC may be sent: for
     * an id already taken, when its first PUBLISH was accepted. The id is taken before the publish
     * runs, so the state the publish stores with the message includes it; a failed publish frees it.
     */
    CompletableFuture<Void> accept(int packetId, Supplier<CompletableFuture<Void>> publish) {
        CompletableFuture<Void> earlier = pending.get(packetId);
        if (earlier != null) {
            return earlier;
        }
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        pending.put(packetId, accepted);
        publish.get().whenComplete((v, e) -> {
            if (e != null) {
                pending.remove(packetId, accepted);
                accepted.completeExceptionally(e);
            } else {
                accepted.complete(null);
            }
        });
        return accepted;
    }

    /** PUBREL: the exchange is over. Returns whether the id was taken. */
    boolean release(int packetId) {
        return pending.remove(packetId) != null;
    }
}
