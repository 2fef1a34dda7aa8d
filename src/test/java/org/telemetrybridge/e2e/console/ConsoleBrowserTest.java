package org.telemetrybridge.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;
import org.telemetrybridge.support.RawMqttClient;

/**
 * The web console (issue 16, item 6) in Debian's headless Chromium driven by Selenium, against a
 * running bridge: a search finds a connected client, its detail shows its subscription and last
 * activity, the backlog shows what is held for an away client, disconnect and purge act after a
 * confirmation, and the purge is checked through the API and JMS (held messages dead-lettered, none
 * left on the held queue). The console's writes are the browser's own same-origin requests, which the
 * HTTP side's cross-site rule lets through. Saves a screenshot ({@code -Dconsole.screenshot=docs/console.png}
 * to refresh the one in the docs; {@code target/console.png} otherwise). Skipped on a machine without
 * Chromium, except on CI (CI=true), where that is a failure.
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path data;

    @Test
    void searchFindsAConnectedClientItsDetailShowsItsSubscriptionAndPurgeRemovesWhatWaits() throws Exception {
        boolean browserAtHand = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(browserAtHand, "Debian's chromium and chromium-driver are not installed");
        }
        assertThat(browserAtHand).as("chromium and chromium-driver installed (.ci/run installs them)").isTrue();

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1250");
        List<RawMqttClient> others = new ArrayList<>();
        ChromeDriver browser = null;
        try (BridgeInstance bridge = BridgeInstance.started(data);
             JmsClient jms = new JmsClient(bridge.jmsUrl());
             RawMqttClient device = RawMqttClient.open(bridge.mqttPort())) {
            for (int i = 1; i <= 5; i++) {
                RawMqttClient other = RawMqttClient.open(bridge.mqttPort());
                other.connect(String.format("BOILER%02d", i), true, 60);
                others.add(other);
            }
            device.connect("CONSOLEDEV1", false, 30);
            device.subscribe(1, "plant/+/temperature", 1);
            device.publish("plant/7/status", "on".getBytes(StandardCharsets.UTF_8), 1, false, 2);
            try (RawMqttClient away = RawMqttClient.open(bridge.mqttPort())) {
                away.connect("CONSOLEDEV2", false, 0);
                away.subscribe(1, "alerts/#", 1);
                away.disconnect();
            }
            for (int i = 0; i < 3; i++) {
                sendTo(jms, "CONSOLEDEV2", "cmd/config", "setting " + i);
            }
            String api = "http://127.0.0.1:" + bridge.httpPort() + "/actuator";
            await().atMost(Duration.ofSeconds(30)).until(() -> get(api + "/backlog").body().contains("\"heldMessages\":3"));

            browser = new ChromeDriver(service, options);
            browser.get("http://127.0.0.1:" + bridge.httpPort() + "/console/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health"), "UP"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("backlog-table"), "CONSOLEDEV2"));
            assertThat(browser.findElement(By.id("backlog-summary")).getText())
                    .isEqualTo("3 message(s) held for 1 client(s)");

            WebElement prefix = browser.findElement(By.id("prefix"));
            prefix.sendKeys("CONSOLE");
            wait.until(ExpectedConditions.attributeToBe(prefix, "value", "CONSOLE"));
            new Select(browser.findElement(By.id("state"))).selectByValue("connected");
            browser.findElement(By.id("search-button")).click();
            wait.until(ExpectedConditions.textToBe(By.id("search-summary"), "1 client(s) match"));
            WebElement row = browser.findElement(By.cssSelector("#results tbody tr"));
            assertThat(row.getText()).startsWith("CONSOLEDEV1 connected persistent /127.0.0.1:").endsWith(" default – 1 0");
            row.findElement(By.linkText("CONSOLEDEV1")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("subscriptions"), "plant/+/temperature"));
            assertThat(browser.findElement(By.cssSelector("#subscriptions tbody")).getText())
                    .isEqualTo("plant/+/temperature 1");
            assertThat(field(browser, "Keep-alive")).isEqualTo("30 s");
            assertThat(field(browser, "Last packet in")).as("the PUBLISH it sent").endsWith("s ago)");
            assertThat(field(browser, "Last packet out")).as("the PUBACK it got").endsWith("s ago)");
            assertThat(browser.findElement(By.cssSelector("[data-figure='Sessions away'] .value")).getText())
                    .isEqualTo("1");
            saveScreenshot(browser);

            // Disconnect, after the confirmation: the device's socket closes, the session stays.
            browser.findElement(By.id("disconnect")).click();
            confirm(browser, wait, "Disconnect CONSOLEDEV1");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "Done"));
            assertThat(device.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
            assertThat(get(api + "/clients/CONSOLEDEV1").body()).contains("\"state\":\"away\"");

            // Purge the away client with held messages; cancelling first does nothing.
            browser.findElement(By.cssSelector("#backlog-table a")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("subscriptions"), "alerts/#"));
            assertThat(field(browser, "Held on the transmit path")).isEqualTo("3");
            assertThat(field(browser, "Waiting for it")).isEqualTo("3");
            assertThat(field(browser, "Away since")).endsWith("s ago)");
            assertThat(field(browser, "Last packet in")).as("away: no connection").isEqualTo("–");
            browser.findElement(By.id("purge")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
            browser.findElement(By.id("confirm-cancel")).click();
            assertThat(get(api + "/clients/CONSOLEDEV2").statusCode()).isEqualTo(200);
            browser.findElement(By.id("purge")).click();
            confirm(browser, wait, "Purge the session of CONSOLEDEV2");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "Done"));
            assertThat(browser.findElement(By.id("action-result")).getText())
                    .contains("subscriptions removed: 1").contains("held messages removed: 3");

            assertThat(get(api + "/clients/CONSOLEDEV2").statusCode()).as("no session left").isEqualTo(404);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(jms, "TBRIDGE.HELD.QUEUE", "CONSOLEDEV2") == 0);
            // One transaction moves them, but a browser may see the held queue emptied a moment before
            // the dead-letter queue filled: the broker applies a commit's operations one after another.
            await("held messages dead-lettered").atMost(Duration.ofSeconds(30))
                    .until(() -> count(jms, "SYSTEM.DEAD.LETTER.QUEUE", "CONSOLEDEV2") >= 3);
            assertThat(count(jms, "SYSTEM.DEAD.LETTER.QUEUE", "CONSOLEDEV2")).as("held messages dead-lettered, once")
                    .isEqualTo(3);
            wait.until(ExpectedConditions.textToBe(By.id("backlog-summary"), "0 message(s) held for 0 client(s)"));
        } finally {
            if (browser != null) {
                browser.quit();
            }
            others.forEach(RawMqttClient::close);
        }
    }

    private static String field(ChromeDriver browser, String label) {
        return browser.findElement(By.cssSelector("#detail-fields dd[data-field='" + label + "']")).getText();
    }

    private static void confirm(ChromeDriver browser, WebDriverWait wait, String question) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertThat(browser.findElement(By.id("confirm-text")).getText()).startsWith(question);
        browser.findElement(By.id("confirm-ok")).click();
    }

    private static void saveScreenshot(ChromeDriver browser) throws Exception {
        Path target = Path.of(System.getProperty("console.screenshot", "target/console.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
    }

    private static void sendTo(JmsClient jms, String clientId, String topic, String payload) throws JMSException {
        Session session = jms.session();
        MessageProducer producer = session.createProducer(session.createQueue("SYSTEM.MQTT.TRANSMIT.QUEUE"));
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        message.setStringProperty("RemoteQMgrName", clientId);
        message.setStringProperty("RemoteQName", topic);
        producer.send(message, DeliveryMode.PERSISTENT, 4, 0);
        producer.close();
    }

    private static int count(JmsClient jms, String queue, String clientId) throws JMSException {
        var messages = jms.session().createBrowser(jms.session().createQueue(queue),
                "RemoteQMgrName = '" + clientId + "'").getEnumeration();
        int count = 0;
        while (messages.hasMoreElements()) {
            Message ignored = (Message) messages.nextElement();
            count++;
        }
        return count;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
