package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import com.ibm.mq.MQMessage;
import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.pcf.PCFException;
import com.ibm.mq.headers.pcf.PCFMessage;
import org.junit.jupiter.api.Test;

/**
 * The bound on a PCF inquiry's answer, with responses built by IBM's PCF classes as the command server
 * sends them (one message per subscription, the last with Control MQCFC_LAST).
 */
class BoundedPcfInquiryTest {

    /** Inquire Subscription response number {@code sequence} for subscription {@code name}. */
    private static MQMessage response(int sequence, boolean last, String name) throws java.io.IOException {
        PCFMessage pcf = new PCFMessage(CMQCFC.MQCFT_RESPONSE, CMQCFC.MQCMD_INQUIRE_SUBSCRIPTION, sequence, last);
        pcf.addParameter(CMQCFC.MQCACF_SUB_NAME, name);
        MQMessage message = new MQMessage();
        pcf.write(message);
        message.seek(0);
        return message;
    }

    @Test
    void readsEveryResponseUpToTheLast() throws Exception {
        AtomicInteger sent = new AtomicInteger();

        var read = BoundedPcfInquiry.read(() -> response(sent.incrementAndGet(), sent.get() == 3, "DEV" + sent.get() + ":a"),
                10, 1_000_000);

        assertThat(read).extracting(r -> r.getStringParameterValue(CMQCFC.MQCACF_SUB_NAME).trim())
                .containsExactly("DEV1:a", "DEV2:a", "DEV3:a");
    }

    @Test
    void anAnswerOfMoreResponsesThanTheBoundStopsThereInsteadOfFillingTheHeap() {
        AtomicInteger sent = new AtomicInteger();

        assertThatThrownBy(() -> BoundedPcfInquiry.read(() -> response(sent.incrementAndGet(), false, "DEV:a"), 10,
                1_000_000)).isInstanceOf(BoundedPcfInquiry.TooManyResponses.class);
        assertThat(sent).as("read one past the bound, no further").hasValue(11);
    }

    @Test
    void anAnswerOfMoreBytesThanTheBoundStopsThere() {
        AtomicInteger sent = new AtomicInteger();

        assertThatThrownBy(() -> BoundedPcfInquiry.read(() -> response(sent.incrementAndGet(), false,
                "DEV:" + "x".repeat(1000)), 1_000, 5_000)).isInstanceOf(BoundedPcfInquiry.TooManyResponses.class);
        assertThat(sent.get()).isBetween(4, 6);
    }

    @Test
    void aFailedResponseIsThePcfExceptionPcfMessageAgentWouldThrow() {
        assertThatThrownBy(() -> BoundedPcfInquiry.read(() -> {
            PCFMessage pcf = new PCFMessage(CMQCFC.MQCFT_RESPONSE, CMQCFC.MQCMD_INQUIRE_SUBSCRIPTION, 1, true);
            pcf.getHeader().setCompCode(CMQC.MQCC_FAILED);
            pcf.getHeader().setReason(CMQCFC.MQRCCF_NONE_FOUND);
            MQMessage message = new MQMessage();
            pcf.write(message);
            message.seek(0);
            return message;
        }, 10, 1_000_000)).isInstanceOf(PCFException.class)
                .satisfies(e -> assertThat(((PCFException) e).getReason()).isEqualTo(CMQCFC.MQRCCF_NONE_FOUND));
    }
}
