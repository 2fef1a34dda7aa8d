package org.telemetrybridge.backend.jms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

/**
 * The few JMS sessions that clean sessions' shared subscriptions consume on, where the provider lets
 * the consumers of several filters share a session ({@link JmsDialect#consumersShareSessions()}). Each
 * new consumer goes on the session with the fewest, up to {@link JmsBackend#SHARED_SUBSCRIPTION_SESSIONS}
 * sessions: the bridge's session count ({@code bridge.backend.sessions}) stays fixed whatever the number
 * of distinct filters, where one session per filter made it grow by one per filter. A session hands its
 * consumers' messages over one at a time on its own thread, so the filters of one session share that
 * thread and the sessions run side by side.
 *
 * <p>Sessions are made on first use and kept; they belong to one connection, and after a reconnect new
 * ones are made on the new connection (the old ones died with theirs).
 */
final class SharedSubscriptionSessions {

    /** One session and how many consumers it carries now. */
    static final class Slot {
        private final Session session;
        private int consumers;

        private Slot(Session session) {
            this.session = session;
        }

        Session session() {
            return session;
        }
    }

    private final int size;
    private final List<Slot> slots = new ArrayList<>();
    private Connection openedOn;

    SharedSubscriptionSessions(int size) {
        this.size = size;
    }

    /** A session of the connection for one more consumer; give it back with {@link #release}. */
    synchronized Slot take(Connection connection) throws JMSException {
        if (connection != openedOn) {
            slots.forEach(slot -> JmsBackend.closeQuietly(slot.session));
            slots.clear();
            openedOn = connection;
        }
        Slot least = slots.stream().min(Comparator.comparingInt(slot -> slot.consumers)).orElse(null);
        if (least == null || (least.consumers > 0 && slots.size() < size)) {
            least = new Slot(connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE));
            slots.add(least);
        }
        least.consumers++;
        return least;
    }

    /** One consumer of the slot's session has closed. */
    synchronized void release(Slot slot) {
        slot.consumers = Math.max(0, slot.consumers - 1);
    }
}
