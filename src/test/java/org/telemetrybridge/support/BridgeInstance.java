package org.telemetrybridge.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.telemetrybridge.TelemetryBridgeApplication;
import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.JmsCredentials;
import org.telemetrybridge.mqtt.MqttServer;

/**
 * A real bridge for end-to-end tests: the Spring Boot application with its embedded backend, on
 * ephemeral ports and a data directory of the test's own. It can be stopped and started again on
 * the same data directory, as a restart of the service.
 */
public final class BridgeInstance implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, Object> extraProperties;
    private final Class<?>[] extraSources;
    private ConfigurableApplicationContext context;

    public BridgeInstance(Path dataDir) {
        this(dataDir, Map.of());
    }

    /** @param extraSources configuration classes added to the application's, e.g. to replace a bean */
    public BridgeInstance(Path dataDir, Map<String, Object> extraProperties, Class<?>... extraSources) {
        this.dataDir = dataDir;
        this.extraProperties = extraProperties;
        this.extraSources = extraSources;
    }

    public static BridgeInstance started(Path dataDir) {
        return new BridgeInstance(dataDir).start();
    }

    public static BridgeInstance started(Path dataDir, Map<String, Object> extraProperties) {
        return new BridgeInstance(dataDir, extraProperties).start();
    }

    public BridgeInstance start() {
        List<String> args = new ArrayList<>(List.of(
                "--bridge.mqtt.port=0",
                "--bridge.embedded.jms-port=0",
                "--bridge.embedded.data-dir=" + dataDir,
                "--server.port=0",
                "--spring.main.banner-mode=off",
                // Tests look for single log lines; summing up repeats has tests of its own (RepeatLimiterTest).
                "--bridge.log.repeats-in-full=1000000"));
        extraProperties.forEach((key, value) -> args.add("--" + key + "=" + value));
        context = new SpringApplicationBuilder(TelemetryBridgeApplication.class).sources(extraSources)
                .run(args.toArray(String[]::new));
        return this;
    }

    /** Stops the service as SIGTERM would; the journal stays for a restart. */
    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public BridgeInstance restart() {
        stop();
        return start();
    }

    public int mqttPort() {
        return context.getBean(MqttServer.class).port();
    }

    /** The port of the named MQTT listener ({@code bridge.listeners.<name>.*}). */
    public int mqttPort(String listener) {
        return context.getBean(MqttServer.class).port(listener);
    }

    /**
     * The JMS acceptor's URL with the JMS user's credentials as Artemis URL parameters, as a JMS
     * application connects with the password from {@code bridge.embedded.jms-password} or the data
     * directory's {@code jms-credentials.properties}.
     */
    public String jmsUrl() {
        JmsCredentials credentials = broker().jmsCredentials();
        return jmsAddress() + "?user=" + credentials.user() + "&password=" + credentials.password();
    }

    /** The JMS acceptor's URL without credentials. */
    public String jmsAddress() {
        return "tcp://127.0.0.1:" + broker().jmsPort();
    }

    public EmbeddedBroker broker() {
        return context.getBean(EmbeddedBroker.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int httpPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** The running application context, e.g. for MockMvc on the bridge's own web context. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** The actuator's port when {@code management.server.port} puts it on a port of its own. */
    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    @Override
    public void close() {
        stop();
    }
}
