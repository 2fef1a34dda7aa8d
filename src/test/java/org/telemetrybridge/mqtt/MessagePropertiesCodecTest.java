package org.telemetrybridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.session.port.MessageProperties;

/** Reading a PUBLISH's application-message properties, past the ones that are not the message's. */
class MessagePropertiesCodecTest {

    @Test
    void aPublishWhoseOnlyPropertyIsItsTopicAliasHasNoMessageProperties() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, 3));
        assertThat(MessagePropertiesCodec.read(properties, 1_000)).isSameAs(MessageProperties.NONE);
    }

    @Test
    void aTopicAliasBesideMessagePropertiesLeavesThemWhole() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, 3));
        properties.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json"));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 60));
        properties.add(new MqttProperties.UserProperty("site", "north"));
        MessageProperties read = MessagePropertiesCodec.read(properties, 1_000);
        assertThat(read.contentType()).isEqualTo("application/json");
        assertThat(read.expiresAt()).isEqualTo(61_000);
        assertThat(read.userProperties()).containsExactly(new MessageProperties.UserProperty("site", "north"));
    }
}
