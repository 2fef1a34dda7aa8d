package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.pcf.PCFException;
import com.ibm.mq.headers.pcf.PCFMessage;
import com.ibm.mq.headers.pcf.PCFMessageAgent;
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

    /** Inquire Service (Response): ServiceName, and StartMode as asked. */
    private static PCFMessage service(int startMode) {
        PCFMessage answer = new PCFMessage(CMQCFC.MQCMD_INQUIRE_SERVICE);
        answer.addParameter(CMQC.MQCA_SERVICE_NAME, MqTelemetryFacts.SERVICE);
        answer.addParameter(CMQC.MQIA_SERVICE_CONTROL, startMode);
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
        MqTelemetryFacts facts = QueueManagerInquiry.mqTelemetry(service(CMQC.MQSVC_CONTROL_MANUAL), serviceStatus(CMQC.MQSVC_STATUS_RUNNING), List.of());

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
        MqTelemetryFacts facts = QueueManagerInquiry.mqTelemetry(service(CMQC.MQSVC_CONTROL_MANUAL), serviceStatus(CMQC.MQSVC_STATUS_RUNNING),
                List.of(mqttChannel("PlainText", 1883), mqttChannel("TLS.DEVICES", 8883)));

        List<Finding> failures = QueueManagerChecks.evaluate(with(facts), 1000).failures();

        assertThat(failures).extracting(Finding::messageId).containsExactly("TBR0322W", "TBR0323W");
        assertThat(failures.get(1).problem()).contains("PlainText port 1883, TLS.DEVICES port 8883");
        assertThat(failures.get(1).mqsc()).startsWith("STOP CHANNEL('PlainText') CHLTYPE(MQTT)");
    }

    @Test
    void stoppedOrAbsentServiceWithoutChannelsPasses() {
        QueueManagerChecks.Report stopped = QueueManagerChecks.evaluate(with(
                QueueManagerInquiry.mqTelemetry(service(CMQC.MQSVC_CONTROL_MANUAL), serviceStatus(CMQC.MQSVC_STATUS_STOPPED), List.of())), 1000);
        QueueManagerChecks.Report absent = QueueManagerChecks.evaluate(with(
                QueueManagerInquiry.mqTelemetry(null, null, List.of())), 1000);

        assertThat(stopped.passed()).as("stopped and CONTROL(MANUAL)").isTrue();
        assertThat(absent.passed()).isTrue();
        assertThat(absent.checked()).as("the MQ Telemetry check ran")
                .isEqualTo(QueueManagerChecks.evaluate(with(MqTelemetryFacts.NOT_INQUIRED), 1000).checked() + 1);
    }

    /** Stopping the service is not enough: MQ Telemetry's own definition starts it with the queue manager. */
    @Test
    void aStoppedServiceThatStartsWithTheQueueManagerIsAWarning() {
        for (int startMode : new int[] {CMQC.MQSVC_CONTROL_Q_MGR, CMQC.MQSVC_CONTROL_Q_MGR_START}) {
            MqTelemetryFacts facts = QueueManagerInquiry.mqTelemetry(service(startMode), null, List.of());

            List<Finding> failures = QueueManagerChecks.evaluate(with(facts), 1000).failures();

            assertThat(failures).singleElement().satisfies(f -> {
                assertThat(f.messageId()).isEqualTo("TBR0329W");
                assertThat(f.problem()).contains("starts again with the queue manager");
                assertThat(f.mqsc()).isEqualTo("ALTER SERVICE(SYSTEM.MQXR.SERVICE) CONTROL(MANUAL)");
            });
        }
    }

    @Test
    void inquireServiceAsksForTheStartModeOfTheMqxrService() {
        PCFMessage request = PcfRequests.inquireService(MqTelemetryFacts.SERVICE);

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_SERVICE);
        assertThat(request.getParameterValue(CMQC.MQCA_SERVICE_NAME)).isEqualTo(MqTelemetryFacts.SERVICE);
        assertThat((int[]) request.getParameterValue(CMQCFC.MQIACF_SERVICE_ATTRS))
                .containsExactly(CMQC.MQIA_SERVICE_CONTROL);
    }

    /** A command server that answers every request with one reason (IBM's agent class, its send replaced). */
    private static PCFMessageAgent answering(int reason) {
        return new PCFMessageAgent() {
            @Override
            public synchronized PCFMessage[] send(PCFMessage request) throws PCFException {
                throw new PCFException(CMQC.MQCC_FAILED, reason, request);
            }
        };
    }

    @Test
    void anInquiryTheQueueManagerRefusesLeavesTheCheckUnmadeNeverPassed() throws Exception {
        assertThat(QueueManagerInquiry.mqTelemetry(answering(CMQC.MQRC_NOT_AUTHORIZED)))
                .as("2035: nothing known of MQ Telemetry").isSameAs(MqTelemetryFacts.NOT_INQUIRED);

        MqTelemetryFacts none = QueueManagerInquiry.mqTelemetry(answering(CMQC.MQRC_UNKNOWN_OBJECT_NAME));
        assertThat(none).as("no such service: checked, and none").isNotSameAs(MqTelemetryFacts.NOT_INQUIRED);
        assertThat(QueueManagerChecks.evaluate(with(none), 1000).checked())
                .isGreaterThan(QueueManagerChecks.evaluate(with(MqTelemetryFacts.NOT_INQUIRED), 1000).checked());
    }
}
