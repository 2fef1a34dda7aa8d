package org.telemetrybridge.bench.scenario;

import java.util.List;
import java.util.Map;


import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.LoadRun;
import org.telemetrybridge.bench.load.MqttClients;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Figure;

/** P publishers, each on a topic of its own, and one subscriber to all of them through a wildcard. */
public final class FanIn implements Scenario {

    @Override
    public String name() {
        return "fan-in";
    }

    @Override
    public String shape(LoadOptions options) {
        return options.publishers + " MQTT publishers → 1 MQTT subscriber (prefix/in/#)";
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        String topic = "bench/" + prefix + "/in";
        LoadRun load = new LoadRun(options, Scenario.serverCpu(target));
        try (MqttClients mqtt = new MqttClients(target, options)) {
            MqttClients.MqttDevice subscriber = mqtt.connect(prefix + "_sub", load.deliveries().newReceiver());
            mqtt.subscribe(subscriber, topic + "/#", options.qos);
            List<MqttClients.MqttDevice> clients = mqtt.connectAll(Scenario.clientIds(prefix, "pub", options.publishers), null);
            return load.run(mqtt.publishers(clients, i -> topic + "/" + i, options.qos));
        }
    }
}
