package org.telemetrybridge.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.telemetrybridge.bench.load.ServerKind;

/**
 * ActiveMQ Artemis from its own distribution: a broker instance made by {@code artemis create} as
 * shipped (its journal, its tuning, its MQTT acceptor), with only the acceptors' ports moved to
 * loopback ports of ours and the protocols this benchmark does not use left out.
 */
final class ArtemisServer extends ServerProcess {

    private final Path artemisHome;
    private final String heap;

    ArtemisServer(Path artemisHome, String heap) throws IOException {
        super(ServerKind.ARTEMIS, null);
        this.artemisHome = artemisHome.toAbsolutePath();
        this.heap = heap;
    }

    @Override
    protected Path dataDir() {
        return workDir.resolve("instance/data");
    }

    @Override
    protected ProcessBuilder command() throws IOException, InterruptedException {
        Path instance = workDir.resolve("instance");
        ProcessBuilder create = new ProcessBuilder("bash", artemisHome.resolve("bin/artemis").toString(), "create",
                instance.toString(), "--silent", "--user", "bench", "--password", "bench", "--allow-anonymous",
                "--host", "127.0.0.1", "--no-web", "--no-amqp-acceptor", "--no-stomp-acceptor",
                "--no-hornetq-acceptor", "--java-memory", heap)
                .redirectErrorStream(true).redirectOutput(workDir.resolve("create.log").toFile())
                .directory(workDir.toFile());
        create.environment().put("JAVA_HOME", javaHome().toString());
        Process creating = create.start();
        if (!creating.waitFor(120, TimeUnit.SECONDS) || creating.exitValue() != 0) {
            creating.destroyForcibly();
            throw new IllegalStateException("artemis create failed: see " + workDir.resolve("create.log"));
        }
        Path brokerXml = instance.resolve("etc/broker.xml");
        String broker = Files.readString(brokerXml)
                .replace(":61616?", ":" + jmsPort + "?")
                .replace(":1883?", ":" + mqttPort + "?");
        Files.writeString(brokerXml, broker);
        ProcessBuilder run = new ProcessBuilder(List.of("bash", instance.resolve("bin/artemis").toString(), "run"))
                .directory(workDir.toFile());
        run.environment().put("JAVA_HOME", javaHome().toString());
        return run;
    }
}
