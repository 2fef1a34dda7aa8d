package org.telemetrybridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.OutgoingPublish;

/** The properties PacketWriter puts on an MQTT 5 PUBLISH, including the ones it makes once and reuses. */
class PacketWriterTest {

    private final PacketWriter writer = new PacketWriter(5);

    @Test
    void aPublishForOneNumberedSubscriptionCarriesItsIdentifierEachTime_MQTT_3_3_4_3() {
        assertThat(ids(publish(List.of(3), MessageProperties.NONE))).containsExactly(3);
        assertThat(ids(publish(List.of(3), MessageProperties.NONE))).containsExactly(3);
        assertThat(ids(publish(List.of(5), MessageProperties.NONE))).containsExactly(5);
        assertThat(ids(publish(List.of(3), MessageProperties.NONE))).containsExactly(3);
        assertThat(ids(publish(List.of(3, 5), MessageProperties.NONE))).containsExactly(3, 5);
        assertThat(publish(List.of(), MessageProperties.NONE).variableHeader().properties().isEmpty()).isTrue();
    }

    @Test
    void anIdentifierWithOtherPropertiesDoesNotChangeTheSharedOnes() {
        MessageProperties user = new MessageProperties(0, "text/plain", false, null, null,
                List.of(new MessageProperties.UserProperty("k", "v")));
        MqttPublishMessage both = publish(List.of(3), user);
        assertThat(ids(both)).containsExactly(3);
        assertThat(both.variableHeader().properties().getProperty(MqttProperties.CONTENT_TYPE).value()).isEqualTo("text/plain");

        MqttProperties alone = publish(List.of(3), MessageProperties.NONE).variableHeader().properties();
        assertThat(alone.getProperty(MqttProperties.CONTENT_TYPE)).isNull();
        assertThat(alone.getProperties(MqttProperties.USER_PROPERTY)).isEmpty();
        assertThat(ids(publish(List.of(3), MessageProperties.NONE))).containsExactly(3);
    }

    @Test
    void anMqtt311PublishCarriesNoProperties() {
        MqttPublishMessage publish = new PacketWriter(4).publish(
                new OutgoingPublish("t", new byte[] {1}, 0, false, false, 0, MessageProperties.NONE, List.of(3)));
        assertThat(publish.variableHeader().properties().isEmpty()).isTrue();
    }

    private MqttPublishMessage publish(List<Integer> ids, MessageProperties properties) {
        return writer.publish(new OutgoingPublish("t/a", new byte[] {1}, 0, false, false, 0, properties, ids));
    }

    private static List<Integer> ids(MqttPublishMessage publish) {
        return publish.variableHeader().properties().getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER).stream()
                .map(property -> (Integer) property.value()).toList();
    }
}
