package org.telemetrybridge.bench.scenario;

import java.util.List;
import java.util.Map;


import org.telemetrybridge.bench.load.JmsClients;
import org.telemetrybridge.bench.load.LoadOptions;
import org.telemetrybridge.bench.load.LoadRun;
import org.telemetrybridge.bench.load.MqttClients;
import org.telemetrybridge.bench.load.ServerKind;
import org.telemetrybridge.bench.load.Target;
import org.telemetrybridge.bench.measure.Figure;

/** P devices publish, one JMS application consumes them all through a topic wildcard. */
public final class DeviceToJms implements Scenario {

    @Override
    public String name() {
        return "device-to-jms";
    }

    @Override
    public String shape(LoadOptions options) {
        return options.publishers + " MQTT publishers → 1 JMS consumer (topic prefix/up/#)";
    }

    @Override
    public boolean supports(ServerKind kind) {
        return kind.hasJms();
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        String topic = "bench/" + prefix + "/up";
        LoadRun load = new LoadRun(options, Scenario.serverCpu(target));
        try (JmsClients jms = new JmsClients(target); MqttClients mqtt = new MqttClients(target, options)) {
            jms.consumeTopic(target.kind().jmsTopic(topic + "/#"), load.deliveries().newReceiver());
            List<MqttClients.MqttDevice> clients = mqtt.connectAll(Scenario.clientIds(prefix, "dev", options.publishers), null);
            return load.run(mqtt.publishers(clients, i -> topic + "/" + i, options.qos));
        }
    }
}
