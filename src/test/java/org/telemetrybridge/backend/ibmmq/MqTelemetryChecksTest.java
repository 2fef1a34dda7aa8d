package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.pcf.PCFMessage;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Finding;

/**
 * {@code doctor} and the start-up checks say when MQ Telemetry (MQXR) still serves devices: its service
 * running, its channels defined. The answers are built with IBM's PCF classes as the command server
 * returns them (Inquire Service Status (Response): ServiceName and Status; Inquire Channel (Response):
 * ChannelName, and Port as asked).
 */
class MqTelemetryChecksTest {

    private static final Set<Integer> QUEUE_OK = Set.of(CMQCFC.MQAUTH_ALL);
    private static final Set<Integer> TOPIC_OK = Set.of(CMQCFC.MQAUTH_ALL);

    private static QueueManagerFacts with(MqTelemetryFacts mqTelemetry) {
        return new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION, "SYSTEM.MQTT.TRANSMIT.QUEUE",
                "SYSTEM.DEAD.LETTER.QUEUE", 10_000, true, "app", QUEUE_OK, TOPIC_OK, QueueManagerLimits.NOT_INQUIRED,
                mqTelemetry);
    }

    private static PCFMessage serviceStatus(int status) {
        PCFMessage answer = new PCFMessage(CMQCFC.MQCMD_INQUIRE_SERVICE_STATUS);
        answer.addParameter(CMQC.MQCA_SERVICE_NAME, MqTelemetryFacts.SERVICE);
        answer.addParameter(CMQCFC.MQIACF_SERVICE_STATUS, status);
        return answer;
    }

    private static PCFMessage mqttChannel(String name, int port) {
        PCFMessage answer = new PCFMessage(CMQCFC.MQCMD_INQUIRE_CHANNEL);
        answer.addParameter(CMQCFC.MQCACH_CHANNEL_NAME, name);
        answer.addParameter(CMQCFC.MQIACH_PORT, port);
        return answer;
    }

    @Test
    void runningMqxrServiceIsAWarningWithTheMqscThatStopsIt() {
        MqTelemetryFacts facts = QueueManagerInquiry.mqTelemetry(serviceStatus(CMQC.MQSVC_STATUS_RUNNING), List.of());

        List<Finding> failures = QueueManagerChecks.evaluate(with(facts), 1000).failures();

        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.messageId()).isEqualTo("TBR0322W");
            assertThat(f.problem()).contains("SYSTEM.MQXR.SERVICE is running");
            assertThat(f.mqsc()).isEqualTo("STOP SERVICE(SYSTEM.MQXR.SERVICE) and ALTER SERVICE(SYSTEM.MQXR.SERVICE)"
                    + " CONTROL(MANUAL)");
        });
    }

    @Test
    void definedMqttChannelsAreAWarningNamingThemAndTheirPorts() {
        MqTelemetryFacts facts = QueueManagerInquiry.mqTelemetry(serviceStatus(CMQC.MQSVC_STATUS_RUNNING),
                List.of(mqttChannel("PlainText", 1883), mqttChannel("TLS.DEVICES", 8883)));

        List<Finding> failures = QueueManagerChecks.evaluate(with(facts), 1000).failures();

        assertThat(failures).extracting(Finding::messageId).containsExactly("TBR0322W", "TBR0323W");
        assertThat(failures.get(1).problem()).contains("PlainText port 1883, TLS.DEVICES port 8883");
        assertThat(failures.get(1).mqsc()).startsWith("STOP CHANNEL('PlainText') CHLTYPE(MQTT)");
    }

    @Test
    void stoppedOrAbsentServiceWithoutChannelsPasses() {
        QueueManagerChecks.Report stopped = QueueManagerChecks.evaluate(with(
                QueueManagerInquiry.mqTelemetry(serviceStatus(CMQC.MQSVC_STATUS_STOPPED), List.of())), 1000);
        QueueManagerChecks.Report absent = QueueManagerChecks.evaluate(with(
                QueueManagerInquiry.mqTelemetry(null, List.of())), 1000);

        assertThat(stopped.passed()).isTrue();
        assertThat(absent.passed()).isTrue();
        assertThat(absent.checked()).as("the MQ Telemetry check ran")
                .isEqualTo(QueueManagerChecks.evaluate(with(MqTelemetryFacts.NOT_INQUIRED), 1000).checked() + 1);
    }
}
