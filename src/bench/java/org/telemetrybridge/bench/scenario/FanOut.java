package org.telemetrybridge.bench.scenario;

import java.util.Collections;
import java.util.List;
import java.util.Map;


import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.LoadRun;
import org.telemetrybridge.bench.load.MqttClients;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Deliveries;
import org.telemetrybridge.bench.measure.Figure;

/** One publisher, S subscribers to its topic: every message is delivered S times. */
public final class FanOut implements Scenario {

    @Override
    public String name() {
        return "fan-out";
    }

    @Override
    public String shape(LoadOptions options) {
        return "1 MQTT publisher → " + options.subscribers + " MQTT subscribers (prefix/out)";
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        String topic = "bench/" + prefix + "/out";
        LoadRun load = new LoadRun(options, Scenario.serverCpu(target));
        try (MqttClients mqtt = new MqttClients(target, options)) {
            List<Deliveries.Receiver> receivers = load.deliveries().newReceivers(options.subscribers);
            List<MqttClients.MqttDevice> subscribers = mqtt.connectAll(Scenario.clientIds(prefix, "sub", options.subscribers), receivers);
            mqtt.subscribeAll(subscribers, Collections.nCopies(subscribers.size(), topic), options.qos);
            MqttClients.MqttDevice publisher = mqtt.connect(prefix + "_pub", null);
            return load.run(List.of(mqtt.publisher(publisher, topic, options.qos, options.subscribers)));
        }
    }
}
