package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import org.telemetrybridge.support.BridgeInstance;

/**
 * The HTTP side (issue 13, item 6): actuator beyond the health probes needs credentials; Prometheus
 * has a user of its own; with no user set, loopback callers need none (the quick start) and every
 * other address does; health details only for the admin role; actuator on a port and address of its
 * own.
 *
 * <p>Requests from another address than loopback cannot be sent over a socket here (tests use loopback
 * only), so those go through the running bridge's own security filter chain and actuator with
 * MockMvc, which sets the request's remote and local addresses; the same requests from 127.0.0.1 are
 * checked to pass that way too, so the difference is the address alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpSideSecurityTest {

    private static final String ADMIN_PASSWORD = "admin-pw-1";
    private static final String SCRAPER_PASSWORD = "scrape-pw-2";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void quickStartLetsLoopbackInAndOtherAddressesOnlyToTheProbes(CapturedOutput output) throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            assertThat(output.getAll()).contains("TBR0170I").contains("as user 'guest'");
            String base = "http://127.0.0.1:" + bridge.httpPort() + "/actuator";
            assertThat(send(base + "/prometheus", null).statusCode()).isEqualTo(200);
            assertThat(send(base + "/health", null).body()).as("loopback guest sees details").contains("\"details\"");

            MockMvc mvc = mockMvc(bridge);
            assertThat(status(mvc, "/actuator/prometheus", "127.0.0.1", null)).isEqualTo(200);
            assertThat(status(mvc, "/actuator/prometheus", "192.0.2.10", null)).isEqualTo(401);
            assertThat(status(mvc, "/actuator/metrics", "192.0.2.10", null)).isEqualTo(401);
            assertThat(status(mvc, "/actuator", "192.0.2.10", null)).isEqualTo(401);
            assertThat(status(mvc, "/actuator/health/liveness", "192.0.2.10", null)).isEqualTo(200);
            assertThat(status(mvc, "/actuator/health/readiness", "192.0.2.10", null)).isEqualTo(200);
            String health = body(mvc, "/actuator/health", "192.0.2.10", null);
            assertThat(health).contains("\"status\":\"UP\"").contains("\"backend\"")
                    .doesNotContain("\"details\"").doesNotContain("Artemis");
            // A write from a page in a browser (Origin, Sec-Fetch-Site) is refused, even to the guest;
            // the same write from a non-browser client reaches the endpoint (200: "not connected").
            assertThat(mvc.perform(from(post("/actuator/clients/NOSUCH"), "127.0.0.1")
                    .contentType("application/json").content("{\"action\":\"disconnect\"}"))
                    .andReturn().getResponse().getStatus()).isEqualTo(200);
            assertThat(mvc.perform(from(post("/actuator/clients/NOSUCH"), "127.0.0.1")
                    .header("Origin", "http://pages.example").contentType("application/json")
                    .content("{\"action\":\"disconnect\"}")).andReturn().getResponse().getStatus()).isEqualTo(403);
            assertThat(mvc.perform(from(delete("/actuator/clients/NOSUCH"), "127.0.0.1")
                    .header("Sec-Fetch-Site", "cross-site")).andReturn().getResponse().getStatus()).isEqualTo(403);
            // The console's own writes are same-origin: let through; a page of another origin (another
            // port is another origin) still is not.
            assertThat(mvc.perform(from(post("/actuator/clients/NOSUCH"), "127.0.0.1")
                    .header("Origin", "http://localhost").header("Sec-Fetch-Site", "same-origin")
                    .contentType("application/json").content("{\"action\":\"disconnect\"}"))
                    .andReturn().getResponse().getStatus()).isEqualTo(200);
            assertThat(mvc.perform(from(delete("/actuator/clients/NOSUCH"), "127.0.0.1")
                    .header("Origin", "http://localhost:9999").header("Sec-Fetch-Site", "same-site"))
                    .andReturn().getResponse().getStatus()).isEqualTo(403);
            // A site whose name was made to resolve to 127.0.0.1 (DNS rebinding) is no guest.
            assertThat(mvc.perform(from(get("/actuator/clients"), "127.0.0.1").with(request -> {
                request.setServerName("attacker.example");
                return request;
            })).andReturn().getResponse().getStatus()).isEqualTo(401);
            assertThat(send("http://127.0.0.1:" + bridge.httpPort() + "/console/index.html", null).body())
                    .as("the console, for the guest").contains("<title>Telemetry Bridge console</title>");
            // A request relayed by a proxy on this host is not from this host.
            assertThat(mvc.perform(from(get("/actuator/prometheus"), "127.0.0.1")
                    .header("X-Forwarded-For", "203.0.113.7")).andReturn().getResponse().getStatus()).isEqualTo(401);
        }
    }

    @Test
    void configuredUsersCloseLoopbackTooAndPrometheusHasItsOwn(CapturedOutput output) throws Exception {
        Map<String, Object> settings = Map.of(
                "bridge.http.admin-user", "admin",
                "bridge.http.admin-password", "{bcrypt}" + new BCryptPasswordEncoder().encode(ADMIN_PASSWORD),
                "bridge.http.prometheus-user", "scraper",
                "bridge.http.prometheus-password", SCRAPER_PASSWORD);
        try (BridgeInstance bridge = new BridgeInstance(data, settings).start()) {
            assertThat(output.getAll()).containsPattern("TBR0171I .*admin user 'admin', Prometheus user 'scraper'")
                    .doesNotContain(SCRAPER_PASSWORD);
            String base = "http://127.0.0.1:" + bridge.httpPort() + "/actuator";
            String admin = basic("admin", ADMIN_PASSWORD);
            String scraper = basic("scraper", SCRAPER_PASSWORD);

            HttpResponse<String> anonymous = send(base + "/prometheus", null);
            assertThat(anonymous.statusCode()).as("loopback has no exemption once a user is set").isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic"));
            assertThat(send(base + "/prometheus", scraper).body()).contains("bridge_mqtt_connections");
            assertThat(send(base + "/prometheus", admin).statusCode()).isEqualTo(200);
            assertThat(send(base + "/metrics", scraper).statusCode()).as("the scraper reaches nothing else")
                    .isEqualTo(403);
            assertThat(send(base + "/metrics", admin).statusCode()).isEqualTo(200);

            HttpResponse<String> health = send(base + "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"backend\"").doesNotContain("\"details\"");
            assertThat(send(base + "/health", scraper).body()).doesNotContain("\"details\"");
            assertThat(send(base + "/health", admin).body()).contains("\"details\"");
            assertThat(send(base + "/health/readiness", null).statusCode()).isEqualTo(200);
            assertThat(send(base + "/health/liveness", null).statusCode()).isEqualTo(200);

            String console = "http://127.0.0.1:" + bridge.httpPort() + "/console/index.html";
            assertThat(send(console, null).statusCode()).as("the console is secured like the API").isEqualTo(401);
            assertThat(send(console, scraper).statusCode()).isEqualTo(403);
            assertThat(send(console, admin).body()).contains("<title>Telemetry Bridge console</title>");
            assertThat(send(console.replace("/console/index.html", "/console/console.js"), null).statusCode())
                    .isEqualTo(401);

            assertThat(send(base + "/prometheus", basic("scraper", "wrong")).statusCode()).isEqualTo(401);
            assertThat(output.getAll()).containsPattern("TBR0172W HTTP request from 127\\.0\\.0\\.1 refused .*'scraper'")
                    .doesNotContain("scraper:wrong").doesNotContain(SCRAPER_PASSWORD);
        }
    }

    @Test
    void actuatorOnAPortAndAddressOfItsOwn() throws Exception {
        Map<String, Object> settings = Map.of(
                "management.server.port", "0",
                "management.server.address", "127.0.0.1",
                "bridge.http.prometheus-user", "scraper",
                "bridge.http.prometheus-password", SCRAPER_PASSWORD);
        try (BridgeInstance bridge = new BridgeInstance(data, settings).start()) {
            int managementPort = bridge.managementPort();
            assertThat(managementPort).isPositive().isNotEqualTo(bridge.httpPort());
            String management = "http://127.0.0.1:" + managementPort + "/actuator";
            assertThat(send(management + "/health/readiness", null).statusCode()).isEqualTo(200);
            assertThat(send(management + "/prometheus", null).statusCode()).isEqualTo(401);
            assertThat(send(management + "/prometheus", basic("scraper", SCRAPER_PASSWORD)).statusCode())
                    .isEqualTo(200);
            // Nothing of actuator is left on the application port.
            assertThat(send("http://127.0.0.1:" + bridge.httpPort() + "/actuator/prometheus",
                    basic("scraper", SCRAPER_PASSWORD)).statusCode()).isIn(403, 404);
        }
    }

    private HttpResponse<String> send(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The bridge's own actuator behind its own security filter chain, for requests from any address. */
    private static MockMvc mockMvc(BridgeInstance bridge) {
        WebApplicationContext context = (WebApplicationContext) bridge.context();
        Filter security = context.getBean("springSecurityFilterChain", Filter.class);
        return MockMvcBuilders.webAppContextSetup(context).addFilters(security).build();
    }

    private static MockHttpServletRequestBuilder from(MockHttpServletRequestBuilder request, String address) {
        return request.with(servletRequest -> {
            servletRequest.setRemoteAddr(address);
            servletRequest.setLocalAddr(address.startsWith("127.") ? "127.0.0.1" : "192.0.2.1");
            return servletRequest;
        });
    }

    private static int status(MockMvc mvc, String path, String address, String authorization) throws Exception {
        return perform(mvc, path, address, authorization).getResponse().getStatus();
    }

    private static String body(MockMvc mvc, String path, String address, String authorization) throws Exception {
        return perform(mvc, path, address, authorization).getResponse().getContentAsString();
    }

    private static MvcResult perform(MockMvc mvc, String path, String address, String authorization) throws Exception {
        MockHttpServletRequestBuilder request = from(get(path), address);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return mvc.perform(request).andReturn();
    }
}
