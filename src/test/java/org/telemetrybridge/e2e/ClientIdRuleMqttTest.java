package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Devices;
import org.telemetrybridge.support.LogCapture;

/** With bridge.client-id.rule=mqtt any MQTT client id works for publish/subscribe, with a warning. */
class ClientIdRuleMqttTest {

    @TempDir
    Path data;

    @Test
    void anyMqttIdIsAcceptedAndTheOperatorIsWarnedItCannotBeAddressed() throws Exception {
        try (BridgeInstance bridge = BridgeInstance.started(data, Map.of("bridge.client-id.rule", "mqtt"));
             LogCapture log = new LogCapture()) {
            Mqtt3BlockingClient client = Devices.connected(bridge.mqttPort(), "clean retained");
            try (Mqtt3BlockingClient.Mqtt3Publishes in = client.publishes(MqttGlobalPublishFilter.ALL)) {
                client.subscribeWith().topicFilter("echo").qos(MqttQos.AT_LEAST_ONCE).send();
                client.publishWith().topic("echo").payload("hi".getBytes()).qos(MqttQos.AT_LEAST_ONCE).send();
                assertThat(in.receive(10, TimeUnit.SECONDS)).isPresent();
            }
            client.disconnect();
            assertThat(log.awaitMessage("TBR0011W", "'clean retained'")).contains("space");
        }
    }
}
