package org.telemetrybridge.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.server.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.log.CapturedLog;
import org.telemetrybridge.mqsc.MqscReader;
import org.telemetrybridge.mqsc.MqscScript;
import org.telemetrybridge.mqsc.MqscScripts;
import org.telemetrybridge.backend.MqObjectNames;

/** The embedded stand-in started with MQSC scripts holds what they define, and says what it ignores. */
class EmbeddedBrokerMqscTest {

    private static final String TRANSMIT_QUEUE = "SYSTEM.MQTT.TRANSMIT.QUEUE";

    @TempDir
    Path dataDir;

    private final CapturedLog log = new CapturedLog();
    private EmbeddedBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.stop();
        }
        log.close();
    }

    @Test
    void theShippedScriptsCreateTheTransmitQueueAndKeepTheLastValueQueues() throws IOException {
        start(new MqscScripts("mqsc/", MqscReader.readDirectory(Path.of("mqsc"))));

        Queue transmit = broker.server().locateQueue(TRANSMIT_QUEUE);
        assertThat(transmit).isNotNull();
        assertThat(transmit.isDurable()).isTrue();
        assertThat(transmit.getRoutingType()).isEqualTo(RoutingType.ANYCAST);
        assertThat(transmit.isAutoCreated()).as("created by the script, so never auto-deleted").isFalse();
        assertThat(transmit.isLastValue()).isFalse();
        assertThat(broker.server().locateQueue("SYSTEM.MQTT.PERSISTENT.STATE").isLastValue()).isTrue();
        assertThat(broker.server().locateQueue(MqObjectNames.RETAINED_QUEUE).isLastValue()).isTrue();
        assertThat(broker.server().locateQueue(MqObjectNames.DEAD_LETTER_QUEUE)).isNotNull();
        assertThat(broker.defaultTransmitQueue()).isEqualTo(TRANSMIT_QUEUE);

        // Active/standby's lock queue: one consumer at a time, as NOSHARE makes it on IBM MQ.
        assertThat(broker.server().locateQueue(MqObjectNames.ACTIVE_LOCK_QUEUE).getMaxConsumers()).isEqualTo(1);

        assertThat(log.withId("TBR0070I")).containsExactly("TBR0070I 6 MQSC scripts from mqsc/ applied to the"
                + " embedded stand-in: 7 commands applied, 15 ignored");
        assertThat(log.withId("TBR0071I")).extracting(message -> message.substring(0, message.indexOf(" (first")))
                .containsExactly("TBR0071I 1 DEFINE CHANNEL command(s) ignored by the embedded stand-in",
                        "TBR0071I 2 ALTER CHANNEL command(s) ignored by the embedded stand-in",
                        "TBR0071I 2 SET CHLAUTH command(s) ignored by the embedded stand-in",
                        "TBR0071I 10 SET AUTHREC command(s) ignored by the embedded stand-in");
        int defineLine = java.nio.file.Files.readAllLines(Path.of("mqsc/30-bridge-channel.mqsc"))
                .indexOf("DEFINE CHANNEL('TBRIDGE.SVRCONN') CHLTYPE(SVRCONN) +") + 1;
        assertThat(log.withId("TBR0071I").get(0)).contains("(first at 30-bridge-channel.mqsc:" + defineLine + ")")
                .contains("has no channels");
    }

    @Test
    void applyingTheScriptsAgainKeepsTheMessagesOnTheQueuesTheyDefine() throws Exception {
        MqscScripts shipped = new MqscScripts("mqsc/", MqscReader.readDirectory(Path.of("mqsc")));
        start(shipped);
        send(TRANSMIT_QUEUE, "for device 1");
        broker.stop();

        start(shipped);

        assertThat(broker.server().locateQueue(TRANSMIT_QUEUE).getMessageCount()).isEqualTo(1);
        assertThat(log.withId("TBR0076E")).isEmpty();
    }

    @Test
    void aCommandThatCannotBeAppliedIsReportedAndTheOthersStillApply() {
        start(script("""
                DEFINE QLOCAL('APP.ONE') REPLACE
                ALTER QLOCAL('NOT.THERE') MAXDEPTH(5)
                DELETE QLOCAL('SYSTEM.MQTT.PERSISTENT.STATE') PURGE
                DEFINE QLOCAL('SYSTEM.MQTT.PERSISTENT.STATE') REPLACE
                DEFINE QALIAS('APP.ALIAS') TARGET('APP.ONE') REPLACE
                ALTER QMGR DEFXMITQ('OTHER.XMITQ')
                DEFINE QLOCAL('APP.TWO') REPLACE
                """));

        assertThat(broker.server().locateQueue("APP.ONE")).isNotNull();
        assertThat(broker.server().locateQueue("APP.TWO")).isNotNull();
        assertThat(broker.server().locateQueue("APP.ALIAS")).isNull();
        assertThat(broker.server().locateQueue("SYSTEM.MQTT.PERSISTENT.STATE").isLastValue()).isTrue();
        assertThat(log.withId("TBR0076E")).containsExactly("TBR0076E test.mqsc:2 ALTER QLOCAL('NOT.THERE') could"
                + " not be applied to the embedded stand-in: there is no such queue");
        assertThat(log.withId("TBR0074W")).containsExactly("TBR0074W test.mqsc:6 sets DEFXMITQ to 'OTHER.XMITQ',"
                + " but the bridge delivers to devices only what arrives on SYSTEM.MQTT.TRANSMIT.QUEUE");
        assertThat(log.withId("TBR0071I")).containsExactly(
                "TBR0071I 1 DELETE QLOCAL command(s) ignored by the embedded stand-in (first at test.mqsc:3):"
                        + " the embedded stand-in needs SYSTEM.MQTT.PERSISTENT.STATE and keeps it",
                "TBR0071I 1 DEFINE QALIAS command(s) ignored by the embedded stand-in (first at test.mqsc:5):"
                        + " alias queues are not implemented by the embedded stand-in; define a QLOCAL instead");
        assertThat(log.withId("TBR0070I")).singleElement().asString().contains("4 commands applied, 2 ignored");
    }

    @Test
    void deleteRefusesAQueueThatHoldsMessagesUnlessPurgeIsGiven() throws Exception {
        start(script("DEFINE QLOCAL('APP.Q') REPLACE\n"));
        send("APP.Q", "waiting");
        broker.stop();

        start(script("DELETE QLOCAL('APP.Q')\n"));
        assertThat(broker.server().locateQueue("APP.Q")).isNotNull();
        assertThat(log.withId("TBR0076E")).containsExactly("TBR0076E test.mqsc:1 DELETE QLOCAL('APP.Q') could not be"
                + " applied to the embedded stand-in: the queue holds 1 messages; add PURGE to delete them");
        broker.stop();

        start(script("DELETE QLOCAL('APP.Q') PURGE\n"));
        assertThat(broker.server().locateQueue("APP.Q")).isNull();
    }

    @Test
    void scriptsWithErrorsStopTheStartBeforeAnythingIsApplied() {
        EmbeddedBroker failing = new EmbeddedBroker(new EmbeddedSettings(dataDir, "127.0.0.1", -1, script("""
                DEFINE QLOCAL('APP.ONE') REPLACE
                DEFNE QLOCAL('APP.TWO') REPLACE
                """)));

        assertThatThrownBy(failing::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MQSC scripts have errors");
        assertThat(log.withId("TBR0072E")).singleElement().asString()
                .startsWith("TBR0072E MQSC script error at test.mqsc:2: 'DEFNE' is not an MQSC command");
        assertThat(log.withId("TBR0005I")).as("the broker never started").isEmpty();
    }

    private void start(MqscScripts scripts) {
        broker = new EmbeddedBroker(new EmbeddedSettings(dataDir, "127.0.0.1", -1, scripts));
        broker.start();
    }

    private static MqscScripts script(String text) {
        MqscScript script = MqscReader.read("test.mqsc", text);
        return new MqscScripts("test", List.of(script));
    }

    private void send(String queue, String text) throws JMSException {
        try (Connection connection = broker.connectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage(text));
        }
    }
}
