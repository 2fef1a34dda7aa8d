package org.telemetrybridge.bench.scenario;

import java.util.ArrayList;
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
 * JMS applications send each message to one device, taking the T target devices in turn. On the
 * bridge through its transmit queue: a message on SYSTEM.MQTT.TRANSMIT.QUEUE with RemoteQMgrName =
 * client id and RemoteQName = topic, delivered without any subscription. Artemis has no such
 * thing; its nearest equivalent is a topic per device that only that device subscribes to.
 */
public final class TransmitQueue implements Scenario {

    static final String TRANSMIT_QUEUE = "SYSTEM.MQTT.TRANSMIT.QUEUE";

    @Override
    public String name() {
        return "transmit-queue";
    }

    @Override
    public String shape(LoadOptions options) {
        return options.jmsProducers + " JMS producers → 1 of " + options.targets
                + " devices each (bridge: " + TRANSMIT_QUEUE + "; artemis: a topic per device)";
    }

    @Override
    public boolean supports(ServerKind kind) {
        return kind.hasJms();
    }

    @Override
    public Map<Figure, Double> run(Target target, LoadOptions options) throws Exception {
        String prefix = Scenario.runPrefix();
        String topic = "bench/" + prefix + "/cmd";
        List<String> devices = Scenario.clientIds(prefix, "t", options.targets);
        boolean transmitQueue = target.kind() == ServerKind.BRIDGE;
        LoadRun load = new LoadRun(options, Scenario.serverCpu(target));
        try (JmsClients jms = new JmsClients(target); MqttClients mqtt = new MqttClients(target, options)) {
            List<Deliveries.Receiver> receivers = load.deliveries().newReceivers(devices.size());
            List<MqttClients.MqttDevice> clients = mqtt.connectAll(devices, receivers);
            List<String> deviceTopics = devices.stream().map(device -> topic + "/" + device).toList();
            List<String> jmsTopics = deviceTopics.stream().map(target.kind()::jmsTopic).toList();
            if (!transmitQueue) {
                mqtt.subscribeAll(clients, deviceTopics, options.qos);
            }
            List<Publisher> producers = new ArrayList<>();
            for (int p = 0; p < options.jmsProducers; p++) {
                int offset = p; // producers start at different devices, so all are busy from the first message
                if (transmitQueue) {
                    producers.add(jms.producer(options.qos, 1, sequence -> TRANSMIT_QUEUE, true, (message, sequence) -> {
                        message.setStringProperty("RemoteQMgrName", devices.get(device(sequence, offset, devices)));
                        message.setStringProperty("RemoteQName", topic);
                    }));
                } else {
                    Publisher producer = jms.producer(options.qos, 1,
                            sequence -> jmsTopics.get(device(sequence, offset, devices)), false, (message, sequence) -> { });
                    // A producer per device topic, made before the run: with 10,000 devices, making
                    // them would otherwise take the whole measured window.
                    jms.prepare(producer, jmsTopics, options.setupSeconds);
                    producers.add(producer);
                }
            }
            return load.run(producers);
        }
    }

    private static int device(long sequence, int offset, List<String> devices) {
        return (int) ((sequence + offset) % devices.size());
    }
}
