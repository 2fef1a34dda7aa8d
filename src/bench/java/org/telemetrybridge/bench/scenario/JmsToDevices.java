package org.telemetrybridge.bench.scenario;

import java.util.ArrayList;
import java.util.Collections;
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

/** JMS applications publish to a topic that S devices subscribe to (pub/sub, MQ → devices). */
public final class JmsToDevices implements Scenario {

    @Override
    public String name() {
        return "jms-to-devices";
    }

    @Override
    public String shape(LoadOptions options) {
        return options.jmsProducers + " JMS producers → " + options.subscribers + " MQTT subscribers (prefix/down)";
    }

    @Override
    public boolean supports(ServerKind kind) {
        return kind.hasJms();
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        String topic = "bench/" + prefix + "/down";
        LoadRun load = new LoadRun(options, Scenario.serverCpu(target));
        try (JmsClients jms = new JmsClients(target); MqttClients mqtt = new MqttClients(target, options)) {
            List<Deliveries.Receiver> receivers = load.deliveries().newReceivers(options.subscribers);
            List<MqttClients.MqttDevice> subscribers = mqtt.connectAll(Scenario.clientIds(prefix, "dev", options.subscribers), receivers);
            mqtt.subscribeAll(subscribers, Collections.nCopies(subscribers.size(), topic), options.qos);
            String jmsTopic = target.kind().jmsTopic(topic);
            List<Publisher> producers = new ArrayList<>();
            for (int i = 0; i < options.jmsProducers; i++) {
                producers.add(jms.producer(options.qos, options.subscribers, sequence -> jmsTopic, false,
                        (message, sequence) -> { }));
            }
            return load.run(producers);
        }
    }
}
