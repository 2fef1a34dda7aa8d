package org.telemetrybridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as Debian's docker-compose resolves it ({@code docker-compose config} needs no
 * Docker engine). Skipped where the docker-compose binary is not installed.
 */
class DockerComposeConfigTest {

    private static final String PASSWORD = "compose-test-password";

    @BeforeAll
    static void dockerComposeIsInstalled() {
        assumeTrue(Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "docker-compose"))),
                "docker-compose is not installed (Debian package docker-compose)");
    }

    @Test
    void theQueueManagerIsIbmsDeveloperImageWithTheShippedMqscMountedIntoEtcMqm() throws Exception {
        Map<String, Object> qmgr = service(config(), "qmgr");

        assertThat((String) qmgr.get("image")).startsWith("icr.io/ibm-messaging/mq:9.4");
        assertThat(map(qmgr, "environment")).containsEntry("LICENSE", "accept").containsEntry("MQ_QMGR_NAME", "QM1")
                .containsEntry("MQ_APP_PASSWORD", PASSWORD);
        List<String> volumes = strings(qmgr.get("volumes"));
        try (Stream<Path> scripts = Files.list(Path.of("mqsc"))) {
            List<String> shipped = scripts.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".mqsc")).sorted().toList();
            assertThat(shipped).isNotEmpty();
            for (String script : shipped) {
                // A script with a lab variant (mqsc/lab/<name>-lab.mqsc: the channel without TLS) may be
                // mounted under the shipped script's name in its place.
                String lab = "/mqsc/lab/" + script.replace(".mqsc", "-lab.mqsc");
                assertThat(volumes).as("mounts mqsc/%s", script).anyMatch(volume ->
                        volume.endsWith("/mqsc/" + script + ":/etc/mqm/" + script + ":ro")
                                || volume.endsWith(lab + ":/etc/mqm/" + script + ":ro"));
            }
        }
        assertThat(volumes).noneMatch(volume -> volume.contains("remove-telemetry-bridge"));
        assertThat(strings(map(qmgr, "healthcheck").get("test"))).contains("chkmqready");
    }

    @Test
    void theBridgeIsBuiltHereAndWiredToTheQueueManagerWithIbmMqSettings() throws Exception {
        Map<String, Object> bridge = service(config(), "bridge");

        assertThat(map(bridge, "build").get("context").toString()).isEqualTo(Path.of("").toAbsolutePath().toString());
        assertThat(Path.of("Dockerfile")).exists();
        assertThat(map(bridge, "environment"))
                .containsEntry("BRIDGE_BACKEND", "ibmmq")
                .containsEntry("IBM_MQ_QUEUE_MANAGER", "QM1")
                .containsEntry("IBM_MQ_CONN_NAME", "qmgr(1414)")
                .containsEntry("IBM_MQ_CHANNEL", "TBRIDGE.SVRCONN")
                .containsEntry("IBM_MQ_USER", "app")
                .containsEntry("IBM_MQ_PASSWORD", PASSWORD);
        assertThat(map(map(bridge, "depends_on"), "qmgr")).containsEntry("condition", "service_healthy");
        assertThat(ports(bridge)).contains("1883:1883", "8080:8080");
        assertThat(String.join(" ", strings(map(bridge, "healthcheck").get("test"))))
                .contains("/actuator/health/readiness").contains("\"status\":\"UP\"");
    }

    @Test
    void withoutAnAppPasswordComposeRefusesToStart() throws Exception {
        Result result = run(Map.of());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.error()).contains("set MQ_APP_PASSWORD");
    }

    private static Map<String, Object> config() throws Exception {
        Result result = run(Map.of("MQ_APP_PASSWORD", PASSWORD));
        assertThat(result.exitCode()).as(result.error()).isZero();
        return new Yaml().load(result.output());
    }

    private record Result(int exitCode, String output, String error) {
    }

    private static Result run(Map<String, String> environment) throws IOException, InterruptedException {
        Path output = Files.createTempFile("compose-config", ".yml");
        Path error = Files.createTempFile("compose-config", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config")
                    .redirectOutput(output.toFile()).redirectError(error.toFile());
            builder.environment().remove("MQ_APP_PASSWORD");
            builder.environment().putAll(environment);
            Process process = builder.start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("docker-compose config finished").isTrue();
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                    Files.readString(error, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(error);
        }
    }

    private static Map<String, Object> service(Map<String, Object> config, String name) {
        return map(map(config, "services"), name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    private static List<String> strings(Object list) {
        assertThat(list).isInstanceOf(List.class);
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    /** Published ports as "published:target", whichever form (short string or long map) compose printed. */
    private static List<String> ports(Map<String, Object> service) {
        return ((List<?>) service.get("ports")).stream().map(port -> port instanceof Map<?, ?> longForm
                ? longForm.get("published") + ":" + longForm.get("target")
                : String.valueOf(port).replaceFirst("/tcp$", "")).toList();
    }
}
