package org.telemetrybridge.backend.jms;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.Session;

/**
 * Counts what the JMS adapter holds open in the backend: its connections, and their sessions (on IBM
 * MQ each JMS session is a connection handle of its own, what the queue manager's MAXINST, MAXHANDS and
 * channel limits count). The figures behind the gauges {@code bridge.backend.connections} and
 * {@code bridge.backend.sessions}: with device subscriptions they stay fixed whatever the number of
 * devices. Counted by wrapping the connection the dialect's factory made, so no call site can forget.
 */
final class ConnectionCount {

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();

    int connections() {
        return connections.get();
    }

    int sessions() {
        return sessions.get();
    }

    /** The connection, counted until closed, with its sessions counted until each (or it) is closed. */
    Connection counted(Connection connection) {
        connections.incrementAndGet();
        AtomicInteger mine = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && closed.compareAndSet(false, true)) {
                connections.decrementAndGet();
                sessions.addAndGet(-mine.getAndSet(0));
            }
            Object result = invoke(connection, method, args);
            if (result instanceof Session session && method.getName().equals("createSession") && !closed.get()) {
                return countedSession(session, mine);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private Session countedSession(Session session, AtomicInteger ofConnection) {
        ofConnection.incrementAndGet();
        sessions.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        InvocationHandler handler = new CountedSession(session, () -> {
            if (closed.compareAndSet(false, true) && ofConnection.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                sessions.decrementAndGet();
            }
        });
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class}, handler);
    }

    /** The provider's own session behind a counted one, for a dialect that needs the provider's API. */
    static Session unwrapped(Session session) {
        return Proxy.isProxyClass(session.getClass()) && Proxy.getInvocationHandler(session) instanceof CountedSession counted
                ? counted.target() : session;
    }

    private record CountedSession(Session target, Runnable onClose) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close")) {
                onClose.run();
            }
            return ConnectionCount.invoke(target, method, args);
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
