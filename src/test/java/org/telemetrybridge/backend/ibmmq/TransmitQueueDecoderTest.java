package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQDLH;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.backend.jms.TransmitMessage;

class TransmitQueueDecoderTest {

    private static final byte[] PAYLOAD = {0, 1, 2, (byte) 0xFF, 'o', 'k', 0};

    @Test
    void plainMqiMessageFromLinuxQueueManagerGivesClientTopicAndPayloadByteExact() throws Exception {
        byte[] data = IbmHeaderFixtures.plain("DEV1", "cmd/reboot", PAYLOAD, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.ISO8859_1, true);

        TransmitMessage message = TransmitQueueDecoder.decode(data);

        assertThat(message.targetClientId()).isEqualTo("DEV1");
        assertThat(message.topic()).isEqualTo("cmd/reboot");
        assertThat(message.payload()).isEqualTo(PAYLOAD);
        assertThat(message.persistent()).isTrue();
        assertThat(message.expiryMillis()).isZero();
        assertThat(message.format()).isEqualTo("MQSTR");
        assertThat(message.ccsid()).isEqualTo(IbmHeaderFixtures.UTF8);
        assertThat(message.properties()).isEmpty();
    }

    @Test
    void bigEndianEbcdicHeaderIsRecognisedByItself() throws Exception {
        byte[] data = IbmHeaderFixtures.plain("DEV2", "a/b", PAYLOAD, IbmHeaderFixtures.AIX_ENCODING,
                IbmHeaderFixtures.EBCDIC, false);
        assertThat(Arrays.copyOf(data, 4)).isNotEqualTo("XQH ".getBytes(StandardCharsets.US_ASCII));

        TransmitMessage message = TransmitQueueDecoder.decode(data);

        assertThat(message.targetClientId()).isEqualTo("DEV2");
        assertThat(message.topic()).isEqualTo("a/b");
        assertThat(message.payload()).isEqualTo(PAYLOAD);
        assertThat(message.persistent()).isFalse();
    }

    @Test
    void namesArePaddedToFortyEightCharactersAndTrimmed() throws Exception {
        byte[] data = IbmHeaderFixtures.plain("D", "t", PAYLOAD, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.ISO8859_1, true);
        // StrucId, Version, RemoteQName (48), RemoteQMgrName (48), MQMD version 1 (324), then data.
        assertThat(data).hasSize(4 + 4 + 48 + 48 + 324 + PAYLOAD.length);
        assertThat(new String(data, 8, 48, StandardCharsets.US_ASCII)).isEqualTo("t" + " ".repeat(47));

        assertThat(TransmitQueueDecoder.decode(data).targetClientId()).isEqualTo("D");
    }

    @Test
    void messageFromMqJmsApplicationGivesPropertiesFromRfh2AndDataAfterAllHeaders() throws Exception {
        byte[] data = IbmHeaderFixtures.fromJmsApplication("DEV1", "cmd/reboot", "reboot now", 600);

        TransmitMessage message = TransmitQueueDecoder.decode(data);

        assertThat(message.targetClientId()).isEqualTo("DEV1");
        assertThat(message.topic()).isEqualTo("cmd/reboot");
        assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("reboot now");
        assertThat(message.format()).isEqualTo("MQSTR");
        assertThat(message.ccsid()).isEqualTo(IbmHeaderFixtures.UTF8);
        assertThat(message.persistent()).isTrue();
        assertThat(message.properties())
                .containsEntry("origin", "dispatcher")
                .containsEntry("attempt", 3)
                .containsEntry("JMSTimestamp", 1_795_000_000_000L)
                .containsEntry("JMSCorrelationID", "order-42")
                .containsEntry("JMSDestination", "queue://DEV1/cmd/reboot");
    }

    @Test
    void expiryCountsTenthsOfASecondFromTheOriginalPutTime() throws Exception {
        byte[] data = IbmHeaderFixtures.fromJmsApplication("DEV1", "cmd/reboot", "x", 600);

        TransmitMessage message = TransmitQueueDecoder.decode(data);

        long put = java.time.Instant.parse("2026-11-26T08:30:12.50Z").toEpochMilli();
        assertThat(message.expiryMillis()).isEqualTo(put + 60_000);
        assertThat(message.expired(put + 59_999)).isFalse();
        assertThat(message.expired(put + 60_000)).isTrue();
    }

    @Test
    void publicationTakesItsTopicFromTheMqpsFolder() throws Exception {
        byte[] data = IbmHeaderFixtures.publication("DEV1", "SYSTEM.MQTT.PUBLICATION.QUEUE", "alerts/fire/floor3",
                PAYLOAD);

        TransmitMessage message = TransmitQueueDecoder.decode(data);

        assertThat(message.targetClientId()).isEqualTo("DEV1");
        assertThat(message.topic()).isEqualTo("alerts/fire/floor3");
        assertThat(message.payload()).isEqualTo(PAYLOAD);
        assertThat(message.format()).isEmpty();
        assertThat(message.persistent()).isFalse();
    }

    @Test
    void dataWithoutTransmissionHeaderIsNotTheIbmForm() {
        assertThat(TransmitQueueDecoder.decode("hello".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(TransmitQueueDecoder.decode(new byte[0])).isNull();
        assertThat(TransmitQueueDecoder.startsWithXqh("XQ".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void truncatedHeaderIsReportedAsMalformed() throws Exception {
        byte[] data = IbmHeaderFixtures.plain("DEV1", "t", PAYLOAD, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.ISO8859_1, true);

        assertThatThrownBy(() -> TransmitQueueDecoder.decode(Arrays.copyOf(data, 120)))
                .isInstanceOf(MalformedTransmitMessageException.class);
    }

    @Test
    void deadLetterCarriesReasonDestinationAndOriginalDataAfterAnMqdlh() throws Exception {
        byte[] data = IbmHeaderFixtures.fromJmsApplication("GONE", "cmd/reboot", "reboot now", 600);

        DeadLetterEncoder.DeadLetter letter = DeadLetterEncoder.encode(data, CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);

        assertThat(letter.format()).isEqualTo(CMQC.MQFMT_DEAD_LETTER_HEADER);
        assertThat(letter.persistent()).isTrue();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(letter.body()));
        MQDLH dlh = new MQDLH(in, letter.encoding(), letter.ccsid());
        assertThat(dlh.getReason()).isEqualTo(CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);
        assertThat(dlh.getDestQMgrName().trim()).isEqualTo("GONE");
        assertThat(dlh.getDestQName().trim()).isEqualTo("cmd/reboot");
        assertThat(dlh.getFormat()).isEqualTo(CMQC.MQFMT_RF_HEADER_2);
        assertThat(dlh.getPutApplName().trim()).isEqualTo("TelemetryBridge");
        // After the MQDLH comes the original message: its RFH2 and the text.
        byte[] rest = in.readAllBytes();
        assertThat(new String(rest, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RFH ");
        assertThat(new String(rest, StandardCharsets.UTF_8)).endsWith("reboot now");
        assertThat(letter.body()).hasSize(MQDLH.SIZE + data.length - 428);
    }

    @Test
    void publicationOfADeviceSubscriptionGivesItsTopicAndTheSubscriptionsQos() throws Exception {
        byte[] data = IbmHeaderFixtures.subscriptionPublication("DEV7", "sensors/1/temp",
                SubscriptionUserData.of(1), PAYLOAD, true);

        TransmitMessage message = TransmitQueueDecoder.decode(data);

        assertThat(message.targetClientId()).isEqualTo("DEV7");
        assertThat(message.topic()).as("mqps Top, not the RemoteQName SYSTEM.MQTT.PUBLICATION.QUEUE")
                .isEqualTo("sensors/1/temp");
        assertThat(message.subscriptionQos()).as("mqps Sud").isEqualTo(1);
        assertThat(message.payload()).isEqualTo(PAYLOAD);
        assertThat(message.persistent()).isTrue();
        assertThat(message.format()).isEqualTo(CMQC.MQFMT_NONE.trim());
    }

    @Test
    void publicationOfADeviceSubscriptionNamesItsFilterFromTheUserData() throws Exception {
        byte[] data = IbmHeaderFixtures.subscriptionPublication("DEV7", "sensors/1/temp",
                SubscriptionUserData.of(2, "sensors/+/temp"), PAYLOAD, true);

        TransmitMessage message = TransmitQueueDecoder.decode(data);

        assertThat(message.subscriptionQos()).isEqualTo(2);
        assertThat(message.properties()).containsEntry(MessageMapping.SUBSCRIPTION, "sensors/+/temp");
        assertThat(TransmitQueueDecoder.decode(IbmHeaderFixtures.subscriptionPublication("DEV7", "a/b",
                SubscriptionUserData.of(1), PAYLOAD, true)).properties()).doesNotContainKey(MessageMapping.SUBSCRIPTION);
    }

    @Test
    void publicationWithoutTheBridgesUserDataIsNotCapped() throws Exception {
        byte[] none = IbmHeaderFixtures.subscriptionPublication("DEV7", "a/b", null, PAYLOAD, false);
        byte[] administrative = IbmHeaderFixtures.subscriptionPublication("DEV7", "a/b",
                "Administrative durable subscription", PAYLOAD, false);

        assertThat(TransmitQueueDecoder.decode(none).subscriptionQos()).isEqualTo(TransmitMessage.NO_SUBSCRIPTION);
        assertThat(TransmitQueueDecoder.decode(administrative).subscriptionQos())
                .isEqualTo(TransmitMessage.NO_SUBSCRIPTION);
    }

    @Test
    void pointToPointMessageHasNoSubscriptionQos() throws Exception {
        byte[] data = IbmHeaderFixtures.fromJmsApplication("DEV1", "cmd/reboot", "now", CMQC.MQEI_UNLIMITED);

        assertThat(TransmitQueueDecoder.decode(data).subscriptionQos()).isEqualTo(TransmitMessage.NO_SUBSCRIPTION);
    }

    /** Never delivered on the topic "SYSTEM.MQTT.PUBLICATION.QUEUE": without mqps Top it is malformed (dead-lettered). */
    @Test
    void publicationOfADeviceSubscriptionWithoutItsTopicIsMalformed() throws Exception {
        byte[] data = IbmHeaderFixtures.plain("DEV7", "SYSTEM.MQTT.PUBLICATION.QUEUE", PAYLOAD,
                IbmHeaderFixtures.LINUX_ENCODING, IbmHeaderFixtures.ISO8859_1, true);

        assertThatThrownBy(() -> TransmitQueueDecoder.decode(data)).isInstanceOf(MalformedTransmitMessageException.class)
                .hasMessageContaining("mqps Top");
    }
}
