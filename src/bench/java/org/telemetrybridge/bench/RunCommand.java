package org.telemetrybridge.bench;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.ServerKind;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Result;
import org.telemetrybridge.bench.report.ResultTable;
import org.telemetrybridge.bench.scenario.Scenario;

/** One scenario against a server that is already running. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs one scenario against a running server and prints its figures.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "fan-in, pairs, fan-out, device-to-jms, jms-to-devices, transmit-queue, idle or connect")
    String scenario;

    @Option(names = "--server", description = "bridge, artemis or mosquitto: how JMS names map. Default ${DEFAULT-VALUE}.")
    String server = "bridge";

    @Option(names = "--host", description = "server host, in 127.0.0.0/8. Default ${DEFAULT-VALUE}.")
    String host = "127.0.0.1";

    @Option(names = "--mqtt-port", description = "Default ${DEFAULT-VALUE}.")
    int mqttPort = 1883;

    @Option(names = "--jms-port", description = "JMS (Artemis core) port; -1 for none. Default ${DEFAULT-VALUE}.")
    int jmsPort = 61616;

    @Option(names = "--jms-user", description = "JMS user of the bridge's acceptor (its data directory's"
            + " jms-credentials.properties); the password is read from the environment variable BENCH_JMS_PASSWORD")
    String jmsUser;

    @Option(names = "--server-pid", description = "the server's process id, for CPU and memory figures")
    Long serverPid;

    @Mixin
    LoadOptions load;

    @Override
    public Integer call() throws Exception {
        load.validate();
        ServerKind kind = ServerKind.of(server);
        Target target = new Target(kind, host, mqttPort, kind.hasJms() ? jmsPort : -1,
                serverPid == null ? OptionalLong.empty() : OptionalLong.of(serverPid), jmsUser,
                jmsUser == null ? null : System.getenv("BENCH_JMS_PASSWORD"), null);
        Scenario chosen = Scenario.named(scenario);
        Result result = new Result(chosen.name(), kind.label(), load.qos, chosen.run(target, load));
        System.out.println(ResultTable.of(chosen.name() + ": " + chosen.shape(load), List.of(kind.label()),
                Map.of(kind.label(), List.of(result))).text());
        return 0;
    }
}
