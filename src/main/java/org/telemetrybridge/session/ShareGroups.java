package org.telemetrybridge.session;

import java.util.HashMap;
import java.util.Map;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.session.port.Backend;
import org.telemetrybridge.session.port.BackendSubscription;
import org.telemetrybridge.topic.SharedFilter;

/**
 * MQTT 5's shared subscriptions, {@code $share/<group>/<filter>}, as JMS 2 shared subscriptions named by
 * the whole shared filter: durable for members whose session outlives its connection, non-durable
 * otherwise. Each connected member has a consumer of its own on the subscription, so the provider
 * hands each message to one member (or to a JMS application on the same subscription), and a member's
 * unacknowledged messages go back to the others when its consumer closes.
 *
 * <p>This class knows the members in this bridge: sessions that hold the subscription, connected or
 * away, and which of them have a consumer open now. When the last member of a durable group leaves
 * (unsubscribe, or the end of its session) the durable subscription is deleted in the backend.
 * The number of groups and of memberships is bounded. Methods block on the backend: call them on a
 * session's lane.
 */
final class ShareGroups {

    /** The default of {@code bridge.shared-subscriptions.max-groups}. */
    static final int DEFAULT_MAX_GROUPS = 100;
    /** The default of {@code bridge.shared-subscriptions.max-members}. */
    static final int DEFAULT_MAX_MEMBERS = 1000;

    /** A group would go past a bound; nothing was made. */
    static final class QuotaExceeded extends RuntimeException {
        QuotaExceeded(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A group's JMS subscription: its name and whether it is durable. JMS keeps durable and non-durable
     * shared subscriptions of one name apart, so a group with persistent and clean members is two.
     */
    private record Key(String name, boolean durable) {
    }

    private Key key(Session session, String name) {
        return new Key(name, session.persistent() || backend.groupsAlwaysDurable());
    }

    private final Backend backend;
    /** Each group's members in this bridge, with the consumer each connected one has open (or null). */
    private final Map<Key, Map<Session, BackendSubscription>> groups = new HashMap<>();
    private int memberships;
    private volatile int maxGroups = DEFAULT_MAX_GROUPS;
    private volatile int maxMembers = DEFAULT_MAX_MEMBERS;

    ShareGroups(Backend backend) {
        this.backend = backend;
    }

    void limits(int maxGroups, int maxMembers) {
        this.maxGroups = maxGroups;
        this.maxMembers = maxMembers;
    }

    /**
     * Makes the session a member of the group and, if it is connected, opens its consumer. A member
     * already in the group keeps what it has.
     *
     * @throws QuotaExceeded past bridge.shared-subscriptions.max-groups or max-members
     */
    void join(Session session, SharedFilter shared) {
        Key key = key(session, shared.toString());
        synchronized (this) {
            Map<Session, BackendSubscription> members = groups.get(key);
            if (members != null && members.containsKey(session)) {
                return;
            }
            if (members == null && groups.size() >= maxGroups) {
                throw new QuotaExceeded("this bridge has " + groups.size()
                        + " shared subscription groups already (bridge.shared-subscriptions.max-groups)");
            }
            if (memberships >= maxMembers) {
                throw new QuotaExceeded("this bridge has " + memberships
                        + " shared subscription members already (bridge.shared-subscriptions.max-members)");
            }
            groups.computeIfAbsent(key, k -> new HashMap<>()).put(session, null);
            memberships++;
        }
        if (session.connected()) {
            try {
                connect(session, shared);
            } catch (RuntimeException e) {
                forget(session, key);
                throw e;
            }
        }
    }

    /** A stored session's membership, restored at start: it has no consumer until its client is back. */
    synchronized void restore(Session session, SharedFilter shared) {
        if (groups.computeIfAbsent(key(session, shared.toString()), k -> new HashMap<>())
                .putIfAbsent(session, null) == null) {
            memberships++;
        }
    }

    /** Opens the member's consumer (its client is connected), unless it has one. */
    void connect(Session session, SharedFilter shared) {
        String name = shared.toString();
        Key key = key(session, name);
        synchronized (this) {
            Map<Session, BackendSubscription> members = groups.get(key);
            if (members == null || !members.containsKey(session) || members.get(session) != null) {
                return;
            }
        }
        BackendSubscription consumer = backend.joinGroup(name, shared.filter(), key.durable(),
                delivery -> session.deliverFromGroup(name, delivery));
        synchronized (this) {
            Map<Session, BackendSubscription> members = groups.get(key);
            if (members != null && members.containsKey(session)) {
                members.put(session, consumer);
                return;
            }
        }
        consumer.close(); // it left meanwhile
    }

    /**
     * Closes the member's consumer: its client went away. What it had not acknowledged goes to another
     * consumer of the subscription; a persistent member stays in the group.
     */
    void disconnect(Session session, String name) {
        BackendSubscription consumer;
        synchronized (this) {
            Map<Session, BackendSubscription> members = groups.get(key(session, name));
            consumer = members == null ? null : members.replace(session, null);
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    /**
     * The session leaves the group (unsubscribe, or the end of its session). After the last member of a
     * durable group in this bridge, the group's durable subscription is deleted in the backend.
     */
    void leave(Session session, String name) {
        disconnect(session, name);
        Key key = key(session, name);
        if (!forget(session, key) || !key.durable()) {
            return; // a non-durable shared subscription ends with its last consumer, in the provider
        }
        try {
            if (backend.deleteGroup(name)) {
                BridgeLog.shareGroupRemoved(name);
            } else {
                BridgeLog.shareGroupKept(name, "a consumer is still on it (a JMS application, or a member on"
                        + " another bridge); it is deleted when that side deletes it");
            }
        } catch (RuntimeException e) {
            BridgeLog.shareGroupKept(name, e.getMessage() + "; delete it with JMS Session.unsubscribe(\"" + name
                    + "\") (on IBM MQ: DELETE SUB)");
        }
    }

    /** Removes the membership; true if it was the group's last in this bridge. */
    private synchronized boolean forget(Session session, Key key) {
        Map<Session, BackendSubscription> members = groups.get(key);
        if (members == null || !members.containsKey(session)) {
            return false;
        }
        members.remove(session);
        memberships--;
        if (members.isEmpty()) {
            groups.remove(key);
            return true;
        }
        return false;
    }

    /** Pauses or resumes the member's consumer while its client is behind. */
    void pause(Session session, String name, boolean pause) {
        BackendSubscription consumer;
        synchronized (this) {
            Map<Session, BackendSubscription> members = groups.get(key(session, name));
            consumer = members == null ? null : members.get(session);
        }
        if (consumer != null) {
            if (pause) {
                consumer.pause();
            } else {
                consumer.resume();
            }
        }
    }

    /**
     * The backend's connection is lost, and every consumer with it: forget them (the memberships stay,
     * and members open consumers again when their clients reconnect).
     */
    synchronized void clearConsumers() {
        groups.values().forEach(members -> members.replaceAll((session, consumer) -> null));
    }

    /** The groups with members in this bridge. */
    synchronized int groupCount() {
        return groups.size();
    }

    /** Memberships in this bridge, connected or away. */
    synchronized int memberCount() {
        return memberships;
    }

}
