package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The naming rule for MQTT 5 user properties as JMS properties, and correlation data as JMSCorrelationID. */
class MessageMappingNamesTest {

    @Test
    void javaIdentifiersAreJmsPropertyNamesAsTheyAre() {
        assertThat(MessageMapping.jmsName("deviceType", 1)).isEqualTo("deviceType");
        assertThat(MessageMapping.jmsName("temp_c", 1)).isEqualTo("temp_c");
        assertThat(MessageMapping.jmsName("$unit", 1)).isEqualTo("$unit");
    }

    @Test
    void otherNamesAreEncodedWithTheirUtf8InHex() {
        assertThat(MessageMapping.jmsName("content-type", 1)).isEqualTo("mqtt_u1_636f6e74656e742d74797065");
        assertThat(MessageMapping.jmsName("", 1)).isEqualTo("mqtt_u1_");
        assertThat(MessageMapping.jmsName("1st", 1)).isEqualTo("mqtt_u1_317374");
        assertThat(MessageMapping.jmsName("Grüße", 1)).isEqualTo("Grüße"); // Java identifier letters
        assertThat(MessageMapping.jmsName("a b", 1)).isEqualTo("mqtt_u1_612062");
    }

    @Test
    void reservedNamesAndSelectorWordsAreEncoded() {
        assertThat(MessageMapping.jmsName("JMSType", 1)).startsWith("mqtt_u1_");
        assertThat(MessageMapping.jmsName("mqtt_qos", 1)).startsWith("mqtt_u1_");
        assertThat(MessageMapping.jmsName("_hidden", 1)).startsWith("mqtt_u1_");
        assertThat(MessageMapping.jmsName("and", 1)).startsWith("mqtt_u1_");
        assertThat(MessageMapping.jmsName("NULL", 1)).startsWith("mqtt_u1_");
    }

    @Test
    void theSecondPropertyOfANameIsEncodedWithItsOccurrence() {
        assertThat(MessageMapping.jmsName("tag", 2)).isEqualTo("mqtt_u2_746167");
    }

    @Test
    void utf8CorrelationDataIsTheCorrelationIdAsItIsAndBytesGoAsHex() {
        byte[] text = "req-42".getBytes(StandardCharsets.UTF_8);
        assertThat(MessageMapping.correlationId(text)).isEqualTo("req-42");
        assertThat(MessageMapping.correlationData("req-42")).isEqualTo(text);
        byte[] binary = {0x00, (byte) 0xFF, 0x10};
        assertThat(MessageMapping.correlationId(binary)).isEqualTo("ID:00ff10");
        assertThat(MessageMapping.correlationData("ID:00ff10")).isEqualTo(binary);
        // Text that looks like a provider's id goes as hex too, so it comes back as it was.
        byte[] looksLikeAnId = "ID:abc".getBytes(StandardCharsets.UTF_8);
        assertThat(MessageMapping.correlationData(MessageMapping.correlationId(looksLikeAnId))).isEqualTo(looksLikeAnId);
        // A JMS application's message id used as correlation id (not hex) reaches the device as its text.
        assertThat(MessageMapping.correlationData("ID:4b1c-77")).isEqualTo("ID:4b1c-77".getBytes(StandardCharsets.UTF_8));
    }
}
