package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.session.SessionRegistry;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.RawMqttClient;

/** Idle connections cost no JMS resources; subscribers with the same filter share one consumer. */
class IdleClientsTest {

    @TempDir
    Path data;

    @Test
    void idleConnectionsHoldNoJmsSessionAndSameFiltersShareOneConsumer() {
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            int sessionsBefore = bridge.broker().server().getSessions().size();
            List<RawMqttClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    RawMqttClient client = RawMqttClient.open(bridge.mqttPort());
                    client.connect("IDLE" + i, true, 60);
                    clients.add(client);
                }
                assertThat(bridge.broker().server().getSessions().size())
                        .as("200 idle clients add no JMS session").isEqualTo(sessionsBefore);

                for (int i = 0; i < 50; i++) {
                    clients.get(i).subscribe(1, "alerts/#", 1);
                }
                assertThat(bridge.bean(SessionRegistry.class).sharedFilterCount()).isEqualTo(1);
                assertThat(bridge.broker().server().getSessions().size())
                        .as("50 subscribers to one filter share one JMS session").isEqualTo(sessionsBefore + 1);

                for (int i = 0; i < 50; i++) {
                    clients.get(i).close();
                }
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                        bridge.broker().server().getSessions().size() == sessionsBefore);
                clients.get(60).send(io.netty.handler.codec.mqtt.MqttMessage.PINGREQ);
                clients.get(60).expect(MqttMessageType.PINGRESP);
            } finally {
                clients.forEach(RawMqttClient::close);
            }
        }
    }
}
