package org.telemetrybridge.bench.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ends the servers this harness started if the harness itself is stopped (Ctrl-C, a failure). */
final class ShutdownGuard {

    private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ServerProcess::close)));
    }

    private ShutdownGuard() {
    }

    static void register(ServerProcess server) {
        RUNNING.add(server);
    }

    static void unregister(ServerProcess server) {
        RUNNING.remove(server);
    }
}
