package org.telemetrybridge.e2e.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Mosquitto;
import org.telemetrybridge.support.MqttJsBundle;

/**
 * The browser proof: a page using MQTT.js, in Debian's headless Chromium driven by Selenium, subscribes
 * over ws://, shows what mosquitto_pub publishes over TCP, and publishes what mosquitto_sub receives.
 * Skipped on a machine without Chromium (or npm), except on CI (CI=true), where that is a failure.
 */
class BrowserMqttJsTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path data;

    @Test
    void aPageWithMqttJsShowsAPublicationFromMosquittoAndPublishesBack() throws Exception {
        boolean browserAtHand = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)
                && MqttJsBundle.npmInstalled();
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(browserAtHand, "Debian's chromium, chromium-driver and npm are not installed");
        }
        assertThat(browserAtHand).as("chromium, chromium-driver and npm installed (.ci/run installs them)").isTrue();

        Path script = MqttJsBundle.minifiedScript();
        HttpServer pages = pageServer(script);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage");
        ChromeDriver browser = null;
        try (BridgeInstance bridge = new BridgeInstance(data, Map.of(
                "bridge.listeners.web.port", "0",
                "bridge.listeners.web.host", "127.0.0.1",
                "bridge.listeners.web.transport", "ws",
                "bridge.listeners.web.allow-anonymous", "true")).start()) {
            Process upstream = Mosquitto.startSubscribed(bridge.mqttPort(), "-t", "browser/up", "-C", "1", "-W", "60");
            browser = new ChromeDriver(service, options);
            browser.get("http://127.0.0.1:" + pages.getAddress().getPort() + "/mqtt-page.html?url=ws://127.0.0.1:"
                    + bridge.mqttPort("web") + "/mqtt");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.or(
                    ExpectedConditions.textToBe(By.id("status"), "subscribed"),
                    ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("error.*|closed"))));
            assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("subscribed");

            assertThat(Mosquitto.pub(bridge.mqttPort(), "-t", "browser/down", "-q", "1", "-m", "hello from mosquitto")
                    .exitCode()).isZero();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "hello from mosquitto"));
            assertThat(browser.findElement(By.id("messages")).getText()).isEqualTo("browser/down hello from mosquitto");

            assertThat(Mosquitto.finishSubscribed(upstream).stdout().strip()).isEqualTo("hello from the browser");
        } finally {
            if (browser != null) {
                browser.quit();
            }
            pages.stop(0);
        }
    }

    /** Serves the test page and MQTT.js on a loopback port of its own, as any web server would. */
    private static HttpServer pageServer(Path script) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mqtt-page.html", exchange -> {
            try (InputStream page = BrowserMqttJsTest.class.getResourceAsStream("/browser/mqtt-page.html")) {
                send(exchange, "text/html; charset=utf-8", page.readAllBytes());
            }
        });
        server.createContext("/mqtt.min.js", exchange -> send(exchange, "text/javascript", Files.readAllBytes(script)));
        server.start();
        return server;
    }

    private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
