package org.telemetrybridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Helm chart lints and renders the manifests a cluster needs (helm-java: Helm's own code, no binary). */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/telemetry-bridge");

    @Test
    void theChartLintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void everyValueIsDocumentedByACommentAboveIt() throws IOException {
        List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
        String previous = "";
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.matches("\\s*[A-Za-z][\\w.-]*:.*")) {
                assertThat(previous.strip()).as("comment above '%s'", line.strip()).startsWith("#");
            }
            previous = line;
        }
    }

    @Test
    void byDefaultTheBridgeRunsAgainstIbmMqWithProbesPortsAndADisruptionBudget() {
        Manifests manifests = render(command -> command);

        assertThat(manifests.kinds()).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment",
                "PodDisruptionBudget");

        Map<String, Object> service = manifests.one("Service");
        assertThat(list(map(service, "spec"), "ports")).extracting(port -> port.get("name") + " " + port.get("port")
                + "->" + port.get("targetPort")).containsExactly("mqtt 1883->mqtt", "http 8080->http");

        Map<String, Object> deployment = manifests.one("Deployment");
        Map<String, Object> podSpec = map(map(map(deployment, "spec"), "template"), "spec");
        Map<String, Object> container = list(podSpec, "containers").get(0);
        assertThat(list(container, "ports")).extracting(port -> port.get("name") + " " + port.get("containerPort"))
                .containsExactly("mqtt 1883", "http 8080");
        assertThat(map(map(container, "livenessProbe"), "httpGet"))
                .containsEntry("path", "/actuator/health/liveness").containsEntry("port", "http");
        assertThat(map(map(container, "readinessProbe"), "httpGet"))
                .containsEntry("path", "/actuator/health/readiness").containsEntry("port", "http");
        assertThat(map(map(container, "resources"), "limits")).containsEntry("memory", "1Gi");
        assertThat(map(podSpec, "securityContext")).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true);
        assertThat(map(map(deployment, "spec"), "strategy")).containsEntry("type", "Recreate");
        assertThat(list(container, "env")).extracting(env -> env.get("name"))
                .containsExactly("SPRING_CONFIG_ADDITIONAL_LOCATION");

        Map<String, Object> settings = settings(manifests);
        assertThat(map(settings, "bridge")).containsEntry("backend", "ibmmq");
        assertThat(map(map(settings, "ibm"), "mq")).containsEntry("queue-manager", "QM1")
                .containsEntry("channel", "TBRIDGE.SVRCONN").containsEntry("user", "app")
                .doesNotContainKeys("password", "jks");

        Map<String, Object> budget = map(manifests.one("PodDisruptionBudget"), "spec");
        assertThat(budget).containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable");
        assertThat(map(budget, "selector")).isEqualTo(map(map(deployment, "spec"), "selector"));
    }

    @Test
    void theDashboardAndTheAlertsAreRenderedWhenAskedFor() {
        Manifests manifests = render(command -> command.set("grafana.dashboard.enabled", "true")
                .set("prometheusRule.enabled", "true"));

        assertThat(manifests.kinds()).contains("PrometheusRule");
        assertThat(manifests.documents()).filteredOn(document -> "ConfigMap".equals(document.get("kind"))
                        && map(document, "data").containsKey("telemetry-bridge.json"))
                .singleElement().satisfies(configMap -> {
                    assertThat(map(map(configMap, "metadata"), "labels")).containsEntry("grafana_dashboard", "1");
                    assertThat((String) map(configMap, "data").get("telemetry-bridge.json"))
                            .contains("\"uid\": \"telemetry-bridge\"");
                });
        assertThat(list(list(map(manifests.one("PrometheusRule"), "spec"), "groups").get(0), "rules"))
                .extracting(rule -> rule.get("alert")).containsExactly("TelemetryBridgeBackendDown",
                        "TelemetryBridgeMessagesWaiting", "TelemetryBridgeDeadLettersRising", "TelemetryBridgeLeftovers");
        assertThat(render(command -> command).kinds()).doesNotContain("PrometheusRule");
    }

    @Test
    void passwordAndTlsMaterialComeFromExistingSecrets() {
        Manifests manifests = render(command -> command
                .set("ibmMq.password.existingSecret", "mq-credentials")
                .set("ibmMq.tls.existingSecret", "mq-tls")
                .set("ibmMq.tls.keyStoreKey", "bridge.p12")
                .set("ibmMq.sslCipherSuite", "TLS_AES_256_GCM_SHA384"));

        Map<String, Object> podSpec = map(map(map(manifests.one("Deployment"), "spec"), "template"), "spec");
        Map<String, Object> container = list(podSpec, "containers").get(0);
        assertThat(secretRefs(container)).containsExactly(
                "IBM_MQ_PASSWORD <- mq-credentials/password",
                "IBM_MQ_JKS_KEY_STORE_PASSWORD <- mq-tls/keyStorePassword",
                "IBM_MQ_JKS_TRUST_STORE_PASSWORD <- mq-tls/trustStorePassword");
        assertThat(list(podSpec, "volumes")).filteredOn(volume -> "tls".equals(volume.get("name")))
                .singleElement().satisfies(volume -> assertThat(map(volume, "secret"))
                        .containsEntry("secretName", "mq-tls"));
        assertThat(list(container, "volumeMounts")).filteredOn(mount -> "tls".equals(mount.get("name")))
                .singleElement().satisfies(mount -> assertThat(mount)
                        .containsEntry("mountPath", "/etc/telemetry-bridge/tls").containsEntry("readOnly", true));

        Map<String, Object> mq = map(map(settings(manifests), "ibm"), "mq");
        assertThat(mq).containsEntry("ssl-cipher-suite", "TLS_AES_256_GCM_SHA384").doesNotContainKey("password");
        assertThat(map(mq, "jks")).containsEntry("key-store", "/etc/telemetry-bridge/tls/bridge.p12")
                .containsEntry("trust-store", "/etc/telemetry-bridge/tls/truststore.p12");
    }

    @Test
    void aTlsListenerTakesItsCertificateFromAMountedSecretAndThePlainOneCanBeTurnedOff() {
        Manifests manifests = render(command -> command
                .set("mqtt.tls.enabled", "true")
                .set("mqtt.tls.existingSecret", "mqtt-server-tls")
                .set("mqtt.tls.clientCertificate", "required")
                .set("mqtt.plainEnabled", "false"));

        Map<String, Object> podSpec = map(map(map(manifests.one("Deployment"), "spec"), "template"), "spec");
        Map<String, Object> container = list(podSpec, "containers").get(0);
        assertThat(list(container, "ports")).extracting(port -> port.get("name"), port -> port.get("containerPort"))
                .contains(org.assertj.core.groups.Tuple.tuple("mqtts", 8883));
        assertThat(list(podSpec, "volumes")).filteredOn(volume -> "mqtt-tls".equals(volume.get("name")))
                .singleElement().satisfies(volume -> assertThat(map(volume, "secret"))
                        .containsEntry("secretName", "mqtt-server-tls"));
        assertThat(list(container, "volumeMounts")).filteredOn(mount -> "mqtt-tls".equals(mount.get("name")))
                .singleElement().satisfies(mount -> assertThat(mount)
                        .containsEntry("mountPath", "/etc/telemetry-bridge/mqtt-tls").doesNotContainKey("subPath"));
        assertThat(list(map(manifests.one("Service"), "spec"), "ports")).extracting(port -> port.get("name"))
                .contains("mqtts");

        Map<String, Object> listeners = map(map(settings(manifests), "bridge"), "listeners");
        assertThat(map(listeners, "default")).containsEntry("enabled", false);
        assertThat(map(listeners, "tls")).containsEntry("port", 8883).containsEntry("transport", "tls")
                .containsEntry("ssl-bundle", "mqtt-tls").containsEntry("client-certificate", "required");
        Map<String, Object> bundle = map(map(map(map(settings(manifests), "spring"), "ssl"), "bundle"), "pem");
        assertThat(map(bundle, "mqtt-tls")).containsEntry("reload-on-update", true);
        assertThat(map(map(bundle, "mqtt-tls"), "keystore"))
                .containsEntry("certificate", "/etc/telemetry-bridge/mqtt-tls/tls.crt")
                .containsEntry("private-key", "/etc/telemetry-bridge/mqtt-tls/tls.key");
        assertThat(map(map(bundle, "mqtt-tls"), "truststore"))
                .containsEntry("certificate", "/etc/telemetry-bridge/mqtt-tls/ca.crt");
    }

    @Test
    void theServiceMonitorIsRenderedOnlyWhenEnabled() {
        assertThat(render(command -> command).kinds()).doesNotContain("ServiceMonitor");

        Manifests manifests = render(command -> command.set("serviceMonitor.enabled", true)
                .set("serviceMonitor.labels.release", "prometheus"));

        Map<String, Object> monitor = manifests.one("ServiceMonitor");
        assertThat(map(monitor, "metadata").get("labels")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("release", "prometheus");
        assertThat(list(map(monitor, "spec"), "endpoints")).singleElement().satisfies(endpoint -> assertThat(endpoint)
                .containsEntry("port", "http").containsEntry("path", "/actuator/prometheus"));
        assertThat(map(map(monitor, "spec"), "selector").get("matchLabels"))
                .isEqualTo(map(manifests.one("Service"), "spec").get("selector"));
    }

    @Test
    void httpUsersComeFromExistingSecretsAndTheServiceMonitorScrapesWithItsOwn() {
        Manifests manifests = render(command -> command.set("serviceMonitor.enabled", true)
                .set("http.admin.existingSecret", "bridge-admin")
                .set("http.prometheus.existingSecret", "bridge-scrape"));

        Map<String, Object> container = list(map(map(map(manifests.one("Deployment"), "spec"), "template"), "spec"),
                "containers").get(0);
        assertThat(secretRefs(container)).containsExactly(
                "BRIDGE_HTTP_ADMIN_USER <- bridge-admin/username",
                "BRIDGE_HTTP_ADMIN_PASSWORD <- bridge-admin/password",
                "BRIDGE_HTTP_PROMETHEUS_USER <- bridge-scrape/username",
                "BRIDGE_HTTP_PROMETHEUS_PASSWORD <- bridge-scrape/password");
        Map<String, Object> endpoint = list(map(manifests.one("ServiceMonitor"), "spec"), "endpoints").get(0);
        assertThat(map(map(endpoint, "basicAuth"), "username")).containsEntry("name", "bridge-scrape")
                .containsEntry("key", "username");
        assertThat(map(map(endpoint, "basicAuth"), "password")).containsEntry("name", "bridge-scrape")
                .containsEntry("key", "password");
    }

    @Test
    void settingsFromValuesAreMergedAndAChangeRollsThePods() {
        Manifests embedded = render(command -> command.set("ibmMq.enabled", false)
                .set("config.bridge.client-id.rule", "mqtt"));

        Map<String, Object> settings = settings(embedded);
        assertThat(settings).doesNotContainKey("ibm");
        assertThat(map(settings, "bridge")).containsEntry("backend", "embedded");
        assertThat(map(map(settings, "bridge"), "client-id")).containsEntry("rule", "mqtt");
        assertThat(map(map(settings, "bridge"), "mqtt")).containsEntry("port", 1883);

        assertThat(configChecksum(embedded)).isNotEqualTo(configChecksum(render(command -> command)));
    }

    // --- rendering and reading the manifests ------------------------------------------------------

    private record Manifests(List<Map<String, Object>> documents) {

        List<String> kinds() {
            return documents.stream().map(document -> (String) document.get("kind")).toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> found = documents.stream().filter(document -> kind.equals(document.get("kind")))
                    .toList();
            assertThat(found).as(kind).hasSize(1);
            return found.get(0);
        }
    }

    @SuppressWarnings("unchecked")
    private static Manifests render(UnaryOperator<TemplateCommand> options) {
        String output = options.apply(new Helm(CHART).template().withName("tb").withNamespace("iot")).call();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(output)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return new Manifests(documents);
    }

    private static Map<String, Object> settings(Manifests manifests) {
        String applicationYaml = (String) map(manifests.one("ConfigMap"), "data").get("application.yaml");
        return new Yaml().load(applicationYaml);
    }

    private static Object configChecksum(Manifests manifests) {
        return map(map(map(map(manifests.one("Deployment"), "spec"), "template"), "metadata"), "annotations")
                .get("checksum/config");
    }

    private static List<String> secretRefs(Map<String, Object> container) {
        return list(container, "env").stream().filter(env -> env.containsKey("valueFrom")).map(env -> {
            Map<String, Object> ref = map(map(env, "valueFrom"), "secretKeyRef");
            return env.get("name") + " <- " + ref.get("name") + "/" + ref.get("key");
        }).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (List<Map<String, Object>>) parent.get(key);
    }
}
