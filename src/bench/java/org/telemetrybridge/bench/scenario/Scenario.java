package org.telemetrybridge.bench.scenario;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;

import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.ServerKind;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Figure;
import org.telemetrybridge.bench.measure.ProcessCpu;

/** One way of loading a server, run against any server that supports it. */
public interface Scenario {

    /** The name on the command line, e.g. {@code fan-in}. */
    String name();

    /** What the run does with these options, for the table heading. */
    String shape(LoadOptions options);

    default boolean supports(ServerKind kind) {
        return true;
    }

    /** False for scenarios where QoS plays no part (idle connections). */
    default boolean usesQos() {
        return true;
    }

    /** True where one run leaves the server changed for the next (memory grown): restart it per run. */
    default boolean freshServerPerRun() {
        return false;
    }

    Map<Figure, Double> run(Target target, LoadOptions options) throws Exception;

    /** All scenarios, in the order the harness runs them. */
    static List<Scenario> all() {
        return List.of(new FanIn(), new Pairs(), new FanOut(), new DeviceToJms(), new JmsToDevices(),
                new TransmitQueue(), new SubscribedDevices(), new IdleConnections(), new ConnectionSetUp());
    }

    static Scenario named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No scenario " + name + "; known: "
                        + all().stream().map(Scenario::name).toList()));
    }

    /** The server's CPU time, when its process is known. */
    static DoubleSupplier serverCpu(Target target) {
        return target.pid().isPresent() ? new ProcessCpu(target.pid().getAsLong())::seconds : null;
    }

    /**
     * A prefix unique to one run, for topics and client ids, so a run never sees messages or
     * sessions left by an earlier one. Valid in MQ queue manager names (the bridge's client-id rule).
     */
    static String runPrefix() {
        return "b" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    }

    static List<String> clientIds(String prefix, String role, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "_" + role + i).toList();
    }
}
