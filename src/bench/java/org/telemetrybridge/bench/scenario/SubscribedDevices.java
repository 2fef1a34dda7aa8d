package org.telemetrybridge.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import org.telemetrybridge.bench.load.JmsClients;
import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.LoadRun;
import org.telemetrybridge.bench.load.MqttClients;
import org.telemetrybridge.bench.load.Publisher;
import org.telemetrybridge.bench.load.ServerKind;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Deliveries;
import org.telemetrybridge.bench.measure.Figure;

/**
 * T devices with persistent sessions (clean session off), each subscribed to a topic of its own; JMS
 * applications publish to one device's topic per message, taking them in turn. On the bridge each
 * subscription is a device subscription: the broker copies the publication onto
 * SYSTEM.MQTT.TRANSMIT.QUEUE addressed to the device, and the transmit-queue drain delivers it. On
 * Artemis: its own MQTT persistent sessions, a durable subscription queue per device. On the bridge the
 * run also reads its gauges {@code bridge.backend.connections} and {@code bridge.backend.sessions}
 * once all T are subscribed: they must not grow with T.
 */
public final class SubscribedDevices implements Scenario {

    @Override
    public String name() {
        return "subscribed-devices";
    }

    @Override
    public String shape(LoadOptions options) {
        return options.jmsProducers + " JMS producers → 1 of " + options.targets
                + " persistent-session devices each, subscribed to a topic of their own (bridge: device subscriptions"
                + " through SYSTEM.MQTT.TRANSMIT.QUEUE; artemis: its MQTT durable subscriptions)";
    }

    @Override
    public boolean supports(ServerKind kind) {
        return kind.hasJms();
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        List<String> devices = Scenario.clientIds(prefix, "s", options.targets);
        LoadRun load = new LoadRun(options, Scenario.serverCpu(target));
        try (JmsClients jms = new JmsClients(target); MqttClients mqtt = new MqttClients(target, options).persistentSessions()) {
            List<Deliveries.Receiver> receivers = load.deliveries().newReceivers(devices.size());
            List<MqttClients.MqttDevice> clients = mqtt.connectAll(devices, receivers);
            List<String> deviceTopics = devices.stream().map(device -> "bench/" + prefix + "/sub/" + device).toList();
            mqtt.subscribeAll(clients, deviceTopics, options.qos);
            Map<Figure, Double> gauges = gauges(target);
            List<String> jmsTopics = deviceTopics.stream().map(target.kind()::jmsTopic).toList();
            List<Publisher> producers = new ArrayList<>();
            for (int p = 0; p < options.jmsProducers; p++) {
                int offset = p;
                Publisher producer = jms.producer(options.qos, 1,
                        sequence -> jmsTopics.get((int) ((sequence + offset) % devices.size())), false,
                        (message, sequence) -> { });
                jms.prepare(producer, jmsTopics, options.setupSeconds);
                producers.add(producer);
            }
            Map<Figure, Double> figures = new LinkedHashMap<>(load.run(producers));
            figures.putAll(gauges);
            return figures;
        }
    }

    /** The bridge's backend gauges, read from its Prometheus endpoint; nothing for a server without one. */
    private static Map<Figure, Double> gauges(Target target) throws IOException, InterruptedException {
        if (target.metricsUrl() == null) {
            return Map.of();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String text = http.send(HttpRequest.newBuilder(URI.create(target.metricsUrl())).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<Figure, Double> gauges = new LinkedHashMap<>();
        gauges.put(Figure.BACKEND_CONNECTIONS, gauge(text, "bridge_backend_connections"));
        gauges.put(Figure.BACKEND_SESSIONS, gauge(text, "bridge_backend_sessions"));
        return gauges;
    }

    private static double gauge(String prometheus, String name) {
        return prometheus.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }
}
