package org.telemetrybridge.bench.scenario;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;


import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.LoadRun;
import org.telemetrybridge.bench.load.MqttClients;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Deliveries;
import org.telemetrybridge.bench.measure.Figure;

/** P publisher/subscriber pairs, each pair on a topic of its own. */
public final class Pairs implements Scenario {

    @Override
    public String name() {
        return "pairs";
    }

    @Override
    public String shape(LoadOptions options) {
        return options.publishers + " MQTT publisher → MQTT subscriber pairs (prefix/pair/i)";
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        String topic = "bench/" + prefix + "/pair/";
        LoadRun load = new LoadRun(options, Scenario.serverCpu(target));
        try (MqttClients mqtt = new MqttClients(target, options)) {
            List<Deliveries.Receiver> receivers = load.deliveries().newReceivers(options.publishers);
            List<MqttClients.MqttDevice> subscribers =
                    mqtt.connectAll(Scenario.clientIds(prefix, "sub", options.publishers), receivers);
            mqtt.subscribeAll(subscribers, IntStream.range(0, subscribers.size()).mapToObj(i -> topic + i).toList(),
                    options.qos);
            List<MqttClients.MqttDevice> clients = mqtt.connectAll(Scenario.clientIds(prefix, "pub", options.publishers), null);
            return load.run(mqtt.publishers(clients, i -> topic + i, options.qos));
        }
    }
}
