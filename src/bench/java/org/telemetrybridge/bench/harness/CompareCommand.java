package org.telemetrybridge.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.ServerKind;
import org.telemetrybridge.bench.measure.Result;
import org.telemetrybridge.bench.report.ResultTable;
import org.telemetrybridge.bench.scenario.Scenario;

/**
 * The side-by-side benchmark: for each scenario, starts each server in turn as a process of its own
 * (the bridge from its jar, Mosquitto, Artemis from its distribution), runs the scenario at each QoS
 * the requested number of times, ends the server, and prints one table per scenario and QoS with
 * the bridge/reference ratios. Tables also go to results.md and every figure of every run to
 * results.csv in the output directory.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Runs scenarios against the bridge and reference brokers, side by side.")
public final class CompareCommand implements Callable<Integer> {

    @Option(names = "--servers", split = ",", description = "bridge first, then references. Default ${DEFAULT-VALUE}.")
    List<String> servers = List.of("bridge", "mosquitto", "artemis");

    @Option(names = "--scenarios", split = ",", description = "Default: all (fan-in,pairs,fan-out,device-to-jms,jms-to-devices,transmit-queue,idle,connect).")
    List<String> scenarios = Scenario.all().stream().map(Scenario::name).toList();

    @Option(names = "--qos-levels", split = ",", description = "Default ${DEFAULT-VALUE}.")
    List<Integer> qosLevels = List.of(0, 1);

    @Option(names = "--transmit-targets", split = ",", description = "target client counts for transmit-queue. Default ${DEFAULT-VALUE}.")
    List<Integer> transmitTargets = List.of(1, 100, 10_000);

    @Option(names = "--repeat", description = "runs per figure (the tables show the median). Default ${DEFAULT-VALUE}.")
    int repeat = 3;

    @Option(names = "--server-warmup", description = "seconds of unmeasured load each server gets per QoS level before"
            + " its measured runs, so that they do not measure its JIT compiler at work. Default ${DEFAULT-VALUE}.")
    int serverWarmupSeconds = 20;

    @Option(names = "--out", description = "directory for results.md and results.csv. Default ${DEFAULT-VALUE}.")
    Path out = Path.of("target/bench");

    @Option(names = "--bridge-jar", description = "Default: target/telemetry-bridge-*.jar")
    Path bridgeJar;

    @Option(names = "--artemis-home", description = "unpacked Artemis distribution. Default: the one the bench profile unpacks.")
    Path artemisHome = System.getProperty("bench.artemis.home") == null ? null : Path.of(System.getProperty("bench.artemis.home"));

    @Option(names = "--tls", description = "MQTT over TLS: each server's MQTT listener is TLS (a certificate made"
            + " for the run, EC P-256) and the clients trust its CA. Artemis is left out. Default ${DEFAULT-VALUE}.")
    boolean tls;

    @Option(names = "--bridge-jvm-option", description = "a JVM option of the bridge's process, e.g."
            + " -Dio.netty.handler.ssl.noOpenSsl=true; repeatable.")
    List<String> bridgeJvmOptions = List.of();

    @Option(names = "--server-heap", description = "maximum heap of the JVM servers (bridge and Artemis alike). Default ${DEFAULT-VALUE}.")
    String serverHeap = "2G";

    @Option(names = "--mqtt-versions", split = ",", description = "runs each server once per MQTT version of its clients,"
            + " as columns of the same table, e.g. 5,3.1.1 for MQTT 5's cost against 3.1.1's (the first column is the one"
            + " compared). Default: --mqtt-version alone.")
    List<String> mqttVersions = List.of();

    @Mixin
    LoadOptions load;

    private BenchTls benchTls;

    @Override
    public Integer call() throws Exception {
        load.validate();
        if (!mqttVersions.stream().allMatch(v -> v.equals("3.1.1") || v.equals("5"))) {
            throw new IllegalArgumentException("--mqtt-versions takes 3.1.1 and 5");
        }
        if (repeat < 1 || repeat > 10) {
            throw new IllegalArgumentException("--repeat must be 1..10");
        }
        if (serverWarmupSeconds < 0 || serverWarmupSeconds > 300) {
            throw new IllegalArgumentException("--server-warmup must be 0..300 seconds");
        }
        Files.createDirectories(out);
        Path markdown = out.resolve("results.md");
        Path csv = out.resolve("results.csv");
        if (!Files.exists(csv)) {
            Files.writeString(csv, "scenario,qos,server,run,figure,value\n");
        }
        benchTls = tls ? new BenchTls(out.resolve("tls").toAbsolutePath()) : null;
        append(markdown, "### Run of " + Instant.now() + "\n\n`compare " + describeOptions() + "`\n\n");

        for (String name : scenarios) {
            Scenario scenario = Scenario.named(name);
            List<Integer> variants = perTargets(name) ? transmitTargets : List.of(load.targets);
            for (int targets : variants) {
                load.targets = targets;
                runScenario(scenario, markdown, csv);
            }
        }
        System.out.println("Results: " + markdown.toAbsolutePath() + " and " + csv.toAbsolutePath());
        return 0;
    }

    private List<String> versions() {
        return mqttVersions.isEmpty() ? List.of(load.mqttVersion) : mqttVersions;
    }

    /** Scenarios run once per --transmit-targets figure. */
    private static boolean perTargets(String scenario) {
        return scenario.equals("transmit-queue") || scenario.equals("subscribed-devices");
    }

    private void runScenario(Scenario scenario, Path markdown, Path csv) throws Exception {
        List<Integer> levels = scenario.usesQos() ? qosLevels : List.of(load.qos);
        Map<Integer, Map<String, List<Result>>> byQos = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        for (String label : servers) {
            ServerKind kind = ServerKind.of(label);
            if (!scenario.supports(kind)) {
                continue;
            }
            if (tls && kind == ServerKind.ARTEMIS) {
                System.out.println("bench: artemis is left out of TLS runs (its TLS acceptor is not set up here)");
                continue;
            }
            for (String version : versions()) {
                load.mqttVersion = version;
                String column = versions().size() > 1 ? kind.label() + " v" + version : kind.label();
                columns.add(column);
                try {
                    if (scenario.freshServerPerRun()) {
                        for (int run = 1; run <= repeat; run++) {
                            try (ServerProcess server = start(kind)) {
                                measure(scenario, server, column, load.qos, run, byQos);
                            }
                        }
                    } else {
                        try (ServerProcess server = start(kind)) {
                            for (int qos : levels) {
                                warmUp(scenario, server, qos);
                                for (int run = 1; run <= repeat; run++) {
                                    measure(scenario, server, column, qos, run, byQos);
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    System.err.println("bench: " + scenario.name() + " on " + column + " failed: " + e);
                    e.printStackTrace();
                }
            }
        }
        for (Map.Entry<Integer, Map<String, List<Result>>> entry : byQos.entrySet()) {
            int qos = entry.getKey();
            String title = scenario.usesQos()
                    ? scenario.name() + (tls ? " over TLS" : "") + ", QoS " + qos + ", " + load.payloadBytes + " B: " + scenario.shape(load)
                            + (load.rate > 0 ? ", " + load.rate + " msg/s" : ", window " + load.window)
                    : scenario.name() + (tls ? " over TLS" : "") + ": " + scenario.shape(load);
            ResultTable table = ResultTable.of(title, columns, entry.getValue());
            System.out.println(table.text());
            append(markdown, table.markdown());
            Files.write(csv, ResultTable.csv(scenario.name() + (tls ? "-tls" : "") + (perTargets(scenario.name()) ? "-" + load.targets : ""),
                    qos, entry.getValue()), StandardOpenOption.APPEND);
        }
    }

    private void measure(Scenario scenario, ServerProcess server, String label, int qos, int run,
                         Map<Integer, Map<String, List<Result>>> byQos) throws Exception {
        load.qos = qos;
        System.out.printf("%s %s%s run %d/%d (load average %s)%n", scenario.name(), label,
                scenario.usesQos() ? " qos " + qos : "", run, repeat, loadAverage());
        Result result = new Result(scenario.name(), label, qos, scenario.run(server.target(), load));
        byQos.computeIfAbsent(qos, q -> new LinkedHashMap<>()).computeIfAbsent(label, k -> new ArrayList<>()).add(result);
    }

    /** One run whose figures are thrown away: the JIT compiles the scenario's code paths in it. */
    private void warmUp(Scenario scenario, ServerProcess server, int qos) throws Exception {
        if (serverWarmupSeconds == 0) {
            return;
        }
        int warmup = load.warmupSeconds;
        int duration = load.durationSeconds;
        int drain = load.drainSeconds;
        load.qos = qos;
        load.warmupSeconds = serverWarmupSeconds;
        load.durationSeconds = 1;
        load.drainSeconds = 2;
        try {
            System.out.printf("%s %s%s server warm-up, %d s (not measured)%n", scenario.name(), server.kind().label(),
                    scenario.usesQos() ? " qos " + qos : "", serverWarmupSeconds);
            scenario.run(server.target(), load);
        } finally {
            load.warmupSeconds = warmup;
            load.durationSeconds = duration;
            load.drainSeconds = drain;
        }
    }

    private ServerProcess start(ServerKind kind) throws Exception {
        ServerProcess server = switch (kind) {
            case BRIDGE -> new BridgeServer(bridgeJar(), serverHeap, benchTls, bridgeJvmOptions);
            case MOSQUITTO -> new MosquittoServer(qosLevels.contains(2), benchTls);
            case ARTEMIS -> new ArtemisServer(artemisHome(), serverHeap);
        };
        server.start();
        System.out.printf("started %s, pid %d, log %s%n", kind.label(), server.pid(), server.log());
        return server;
    }

    private Path bridgeJar() throws IOException {
        if (bridgeJar != null) {
            return bridgeJar;
        }
        try (var jars = Files.list(Path.of("target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("telemetry-bridge-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("No bridge jar in target/: run ./mvnw package"));
        }
    }

    private Path artemisHome() {
        if (artemisHome == null || !Files.isDirectory(artemisHome)) {
            throw new IllegalStateException("No Artemis distribution (--artemis-home); the bench profile unpacks one");
        }
        return artemisHome;
    }

    private String describeOptions() {
        return (tls ? "--tls " : "") + "--servers " + String.join(",", servers) + " --scenarios " + String.join(",", scenarios)
                + " --qos-levels " + join(qosLevels) + " --repeat " + repeat + " --payload " + load.payloadBytes
                + " --rate " + load.rate + " --window " + load.window + " --server-warmup " + serverWarmupSeconds + " --warmup " + load.warmupSeconds
                + " --duration " + load.durationSeconds + " --publishers " + load.publishers
                + " --subscribers " + load.subscribers + " --jms-producers " + load.jmsProducers
                + " --transmit-targets " + join(transmitTargets) + " --connections " + load.connections
                + " --connecting " + load.connecting + " --mqtt-version" + (mqttVersions.isEmpty() ? " " + load.mqttVersion : "s " + String.join(",", mqttVersions))
                + (load.persistentSessions ? " --persistent-sessions" : "");
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
