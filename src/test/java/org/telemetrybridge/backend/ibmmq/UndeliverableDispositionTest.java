package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.headers.MQDLH;
import com.ibm.mq.headers.MQMD1;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.jms.JmsDialect;
import org.telemetrybridge.session.port.UndeliverableReason;

/**
 * What becomes of an undeliverable transmission-queue message on IBM MQ, checked with IBM's own
 * header classes: the MQDLH read back with {@code com.ibm.mq.headers.MQDLH}, the sender's context
 * kept, and the sender's report options (IBM: "Report (MQLONG)") honoured.
 */
class UndeliverableDispositionTest {

    private static final byte[] MSG_ID = filled((byte) 0x11);
    private static final byte[] CORREL_ID = filled((byte) 0x22);
    private static final byte[] PAYLOAD = new byte[250];

    static {
        for (int i = 0; i < PAYLOAD.length; i++) {
            PAYLOAD[i] = (byte) i;
        }
    }

    private static byte[] filled(byte value) {
        byte[] id = new byte[24];
        Arrays.fill(id, value);
        return id;
    }

    /** The sending application's descriptor, with the context an MQ application's message carries. */
    private static MQMD1 sender(int report) {
        MQMD1 md = IbmHeaderFixtures.descriptor(CMQC.MQFMT_STRING, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.UTF8, true, CMQC.MQEI_UNLIMITED);
        md.setMsgId(MSG_ID);
        md.setCorrelId(CORREL_ID);
        md.setReport(report);
        md.setReplyToQ("APP.REPLIES");
        md.setReplyToQMgr("QMAPP");
        md.setUserIdentifier("appuser");
        md.setPutApplName("OrderService");
        return md;
    }

    private static byte[] xmit(int report) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        IbmHeaderFixtures.xqh("GONE", "cmd/x", sender(report)).write(out, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.ISO8859_1);
        out.write(PAYLOAD);
        return bytes.toByteArray();
    }

    private static IbmMqDialect dialect() {
        return new IbmMqDialect(new IbmMqSettings("QM1", "localhost(1414)", "DEV.APP.SVRCONN", "",
                "", "", "", "", null, null, null, null, "TelemetryBridge", 500, Duration.ofMillis(200)));
    }

    /** A JMS bytes message holding the data, as a consumer of the transmit queue gets it. */
    private static BytesMessage bytesMessage(byte[] data) throws Exception {
        BytesMessage message = mock(BytesMessage.class);
        when(message.getBodyLength()).thenReturn((long) data.length);
        when(message.readBytes(org.mockito.ArgumentMatchers.any(byte[].class))).thenAnswer(call -> {
            System.arraycopy(data, 0, call.<byte[]>getArgument(0), 0, data.length);
            return data.length;
        });
        return message;
    }

    private static MQDLH parseDlh(byte[] body, int encoding, int ccsid) throws Exception {
        return new MQDLH(new DataInputStream(new ByteArrayInputStream(body)), encoding, ccsid);
    }

    @Test
    void deadLetterIsAnMqdlhIbmReadsBackWithTheSendersContextKept() throws Exception {
        UndeliverableDisposition fate = UndeliverableDisposition.of(xmit(CMQC.MQRO_NONE),
                CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);

        DeadLetterEncoder.DeadLetter letter = fate.deadLetter();
        assertThat(fate.report()).as("no exception report asked for").isNull();
        MQDLH dlh = parseDlh(letter.body(), letter.encoding(), letter.ccsid());
        assertThat(dlh.getReason()).isEqualTo(CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);
        assertThat(dlh.getDestQMgrName().trim()).isEqualTo("GONE");
        assertThat(dlh.getDestQName().trim()).isEqualTo("cmd/x");
        assertThat(dlh.getFormat()).isEqualTo(CMQC.MQFMT_STRING);
        assertThat(dlh.getCodedCharSetId()).isEqualTo(IbmHeaderFixtures.UTF8);
        assertThat(Arrays.copyOfRange(letter.body(), dlh.size(), letter.body().length)).isEqualTo(PAYLOAD);
        assertThat(letter.format()).isEqualTo(CMQC.MQFMT_DEAD_LETTER_HEADER);
        assertThat(letter.context().getMsgId()).isEqualTo(MSG_ID);
        assertThat(letter.context().getCorrelId()).isEqualTo(CORREL_ID);
        assertThat(letter.context().getReplyToQ().trim()).isEqualTo("APP.REPLIES");
        assertThat(letter.context().getUserIdentifier().trim()).isEqualTo("appuser");
    }

    @Test
    void discardMsgReportOptionDiscardsInsteadOfDeadLettering() throws Exception {
        UndeliverableDisposition fate = UndeliverableDisposition.of(xmit(CMQC.MQRO_DISCARD_MSG),
                CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);

        assertThat(fate.deadLetter()).isNull();
        assertThat(fate.report()).isNull();
    }

    @Test
    void exceptionReportGoesToTheReplyToQueueWithTheOriginalMsgIdAsCorrelId() throws Exception {
        UndeliverableDisposition.ExceptionReport report = UndeliverableDisposition.of(xmit(CMQC.MQRO_EXCEPTION),
                CMQC.MQRC_Q_FULL).report();

        assertThat(report.replyToQ()).isEqualTo("APP.REPLIES");
        assertThat(report.replyToQMgr()).isEqualTo("QMAPP");
        assertThat(report.feedback()).isEqualTo(CMQC.MQRC_Q_FULL);
        assertThat(report.correlId()).isEqualTo(MSG_ID);
        assertThat(report.msgId()).as("MQRO_NEW_MSG_ID is the default").isNull();
        assertThat(report.data()).isEmpty();
        assertThat(report.format()).isEqualTo(CMQC.MQFMT_NONE);
    }

    @Test
    void exceptionWithDataCarriesTheFirst100BytesAndWithFullDataAll() throws Exception {
        UndeliverableDisposition.ExceptionReport some = UndeliverableDisposition.of(
                xmit(CMQC.MQRO_EXCEPTION_WITH_DATA), CMQC.MQRC_Q_FULL).report();
        UndeliverableDisposition.ExceptionReport all = UndeliverableDisposition.of(
                xmit(CMQC.MQRO_EXCEPTION_WITH_FULL_DATA), CMQC.MQRC_Q_FULL).report();

        assertThat(some.data()).isEqualTo(Arrays.copyOf(PAYLOAD, 100));
        assertThat(some.format()).isEqualTo(CMQC.MQFMT_STRING);
        assertThat(all.data()).isEqualTo(PAYLOAD);
    }

    @Test
    void passMsgIdAndPassCorrelIdAreHonoured() throws Exception {
        UndeliverableDisposition.ExceptionReport report = UndeliverableDisposition.of(
                xmit(CMQC.MQRO_EXCEPTION | CMQC.MQRO_PASS_MSG_ID | CMQC.MQRO_PASS_CORREL_ID),
                CMQC.MQRC_Q_FULL).report();

        assertThat(report.msgId()).isEqualTo(MSG_ID);
        assertThat(report.correlId()).isEqualTo(CORREL_ID);
    }

    @Test
    void discardWithExceptionReportsAndDiscards() throws Exception {
        UndeliverableDisposition fate = UndeliverableDisposition.of(
                xmit(CMQC.MQRO_DISCARD_MSG | CMQC.MQRO_EXCEPTION_WITH_DATA), CMQC.MQRC_Q_FULL);

        assertThat(fate.deadLetter()).isNull();
        assertThat(fate.report()).isNotNull();
    }

    @Test
    void aMessageNamingNoTargetIsDeadLetteredWithMqfbXmitQMsgError() {
        assertThat(UndeliverableReason.NOT_A_TRANSMIT_MESSAGE.mqReason()).isEqualTo(CMQC.MQFB_XMIT_Q_MSG_ERROR);
    }

    @Test
    void aTransmissionMessageCutShortInItsHeaderIsDeadLetteredAsItIsNotLeftAtTheHeadOfTheQueue() throws Exception {
        byte[] whole = xmit(CMQC.MQRO_EXCEPTION | CMQC.MQRO_DISCARD_MSG);
        byte[] cutShort = Arrays.copyOf(whole, 200); // "XQH " and part of the embedded MQMD

        UndeliverableDisposition fate = UndeliverableDisposition.of(cutShort,
                UndeliverableReason.NOT_A_TRANSMIT_MESSAGE.mqReason(), true);

        DeadLetterEncoder.DeadLetter letter = fate.deadLetter();
        assertThat(letter).as("dead-lettered: its report options (discard) cannot be read").isNotNull();
        assertThat(fate.report()).as("no report: the reply-to queue cannot be read").isNull();
        MQDLH dlh = parseDlh(letter.body(), letter.encoding(), letter.ccsid());
        assertThat(dlh.getReason()).isEqualTo(CMQC.MQFB_XMIT_Q_MSG_ERROR);
        assertThat(dlh.getFormat()).isEqualTo(CMQC.MQFMT_XMIT_Q_HEADER);
        assertThat(dlh.getDestQMgrName().trim()).isEmpty();
        assertThat(Arrays.copyOfRange(letter.body(), dlh.size(), letter.body().length)).isEqualTo(cutShort);
        assertThat(letter.format()).isEqualTo(CMQC.MQFMT_DEAD_LETTER_HEADER);
        assertThat(letter.persistent()).isTrue();
        assertThat(letter.context().getMsgId()).as("no context to keep: the queue manager gives it a new MsgId")
                .isEqualTo(CMQC.MQMI_NONE);
    }

    /**
     * A JMS application's message (the property form) carries its MQMD as MQ classes for JMS map it: JMSMessageID,
     * JMSReplyTo, the JMS_IBM_Report_* properties, JMSXUserID. Its report options are honoured as an IBM-form
     * message's are: discarded, and the exception report goes to its reply-to queue, correlated by its MsgId.
     */
    @Test
    void aJmsSendersReportOptionsAndContextAreHonouredAsAnIbmFormSenders() throws Exception {
        IbmMqDialect dialect = dialect();
        Session session = mock(Session.class);
        BytesMessage original = bytesMessage(PAYLOAD);
        when(original.getJMSDeliveryMode()).thenReturn(DeliveryMode.PERSISTENT);
        when(original.getJMSMessageID()).thenReturn("ID:" + java.util.HexFormat.of().formatHex(MSG_ID));
        Queue replyTo = mock(Queue.class);
        when(replyTo.getQueueName()).thenReturn("queue://QMAPP/APP.REPLIES?targetClient=1");
        when(original.getJMSReplyTo()).thenReturn(replyTo);
        when(original.getObjectProperty("JMS_IBM_Report_Exception")).thenReturn(CMQC.MQRO_EXCEPTION);
        when(original.getObjectProperty("JMS_IBM_Report_Discard_Msg")).thenReturn(CMQC.MQRO_DISCARD_MSG);
        when(original.getStringProperty("JMSXUserID")).thenReturn("appuser");
        when(original.getStringProperty("RemoteQName")).thenReturn("cmd/x");
        BytesMessage report = mock(BytesMessage.class);
        when(session.createBytesMessage()).thenReturn(report);
        Queue reportQueue = mock(Queue.class);
        when(session.createQueue("queue://QMAPP/APP.REPLIES?targetClient=1&mdWriteEnabled=true")).thenReturn(reportQueue);

        JmsDialect.Undeliverable fate = dialect.undeliverable(session, original, UndeliverableReason.UNKNOWN_CLIENT,
                "GONE");

        assertThat(fate.deadLetter()).as("MQRO_DISCARD_MSG").isNull();
        assertThat(fate.reportTo()).isSameAs(reportQueue);
        verify(report).setObjectProperty("JMS_IBM_MQMD_CorrelId", MSG_ID);
        verify(report).setIntProperty("JMS_IBM_MQMD_Feedback", CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);

        MQMD1 descriptor = SenderDescriptor.decode(SenderDescriptor.kept(SenderDescriptor.of(original)));
        assertThat(descriptor.getMsgId()).isEqualTo(MSG_ID);
        assertThat(descriptor.getReport()).isEqualTo(CMQC.MQRO_EXCEPTION | CMQC.MQRO_DISCARD_MSG);
        assertThat(descriptor.getUserIdentifier().trim()).isEqualTo("appuser");
        assertThat(descriptor.getReplyToQMgr().trim()).isEqualTo("QMAPP");
    }

    @Test
    void theDialectDeadLettersATransmissionMessageWhoseHeaderCannotBeRead() throws Exception {
        IbmMqDialect dialect = dialect();
        Session session = mock(Session.class);
        byte[] data = Arrays.copyOf(xmit(CMQC.MQRO_NONE), 60);
        BytesMessage original = bytesMessage(data);
        when(original.getJMSDeliveryMode()).thenReturn(DeliveryMode.NON_PERSISTENT);
        BytesMessage deadLetter = mock(BytesMessage.class);
        when(session.createBytesMessage()).thenReturn(deadLetter);

        JmsDialect.Undeliverable fate = dialect.undeliverable(session, original,
                UndeliverableReason.NOT_A_TRANSMIT_MESSAGE, null);

        assertThat(fate.deadLetter()).isSameAs(deadLetter);
        assertThat(fate.report()).isNull();
        verify(deadLetter).setStringProperty("JMS_IBM_Format", CMQC.MQFMT_DEAD_LETTER_HEADER);
        verify(deadLetter).setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
    }

    @Test
    void heldCopyIsDeadLetteredWithTheSendersContextAndReportOptions() throws Exception {
        byte[] original = xmit(CMQC.MQRO_EXCEPTION);
        String kept = SenderDescriptor.ofHeldData(original);

        byte[] rebuilt = UndeliverableDisposition.xmitMessage("GONE", "cmd/x", SenderDescriptor.decode(kept), PAYLOAD);
        UndeliverableDisposition fate = UndeliverableDisposition.of(rebuilt,
                UndeliverableReason.HOLD_TIME_EXPIRED.mqReason());

        MQDLH dlh = parseDlh(fate.deadLetter().body(), fate.deadLetter().encoding(), fate.deadLetter().ccsid());
        assertThat(dlh.getReason()).isEqualTo(CMQC.MQFB_EXPIRATION);
        assertThat(dlh.getDestQMgrName().trim()).isEqualTo("GONE");
        assertThat(dlh.getFormat()).isEqualTo(CMQC.MQFMT_STRING);
        assertThat(fate.deadLetter().context().getMsgId()).isEqualTo(MSG_ID);
        assertThat(fate.report().correlId()).isEqualTo(MSG_ID);
    }

    @Test
    void dialectWritesTheContextThroughMqmdPropertiesAndSendsTheReportToTheReplyToQueue() throws Exception {
        IbmMqDialect dialect = dialect();
        Session session = mock(Session.class);
        byte[] data = xmit(CMQC.MQRO_EXCEPTION);
        BytesMessage original = bytesMessage(data);
        BytesMessage deadLetter = mock(BytesMessage.class);
        BytesMessage report = mock(BytesMessage.class);
        when(session.createBytesMessage()).thenReturn(deadLetter, report);
        Queue replyTo = mock(Queue.class);
        when(session.createQueue("queue://QMAPP/APP.REPLIES?targetClient=1&mdWriteEnabled=true")).thenReturn(replyTo);

        JmsDialect.Undeliverable fate = dialect.undeliverable(session, original,
                UndeliverableReason.UNKNOWN_CLIENT, "GONE");

        assertThat(fate.deadLetter()).isSameAs(deadLetter);
        verify(deadLetter).setObjectProperty("JMS_IBM_MQMD_MsgId", MSG_ID);
        verify(deadLetter).setObjectProperty("JMS_IBM_MQMD_CorrelId", CORREL_ID);
        verify(deadLetter).setIntProperty("JMS_IBM_MQMD_Report", CMQC.MQRO_EXCEPTION);
        verify(deadLetter).setStringProperty("JMS_IBM_MQMD_ReplyToQ", sender(0).getReplyToQ());
        verify(deadLetter).setStringProperty("JMS_IBM_MQMD_UserIdentifier", sender(0).getUserIdentifier());
        assertThat(fate.reportTo()).isSameAs(replyTo);
        assertThat(fate.report()).isSameAs(report);
        verify(report).setIntProperty("JMS_IBM_MQMD_MsgType", CMQC.MQMT_REPORT);
        verify(report).setIntProperty("JMS_IBM_MQMD_Feedback", CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);
        verify(report).setObjectProperty("JMS_IBM_MQMD_CorrelId", MSG_ID);
    }

    @Test
    void withoutAnInquiredDeadqThereIsNoDeadLetterQueueAndTheInquiredOneIsUsed() {
        IbmMqDialect dialect = dialect();
        assertThat(dialect.deadLetterQueue()).as("not known yet").isNull();

        dialect.learned(facts(""));
        assertThat(dialect.deadLetterQueue()).as("DEADQ blank: none").isNull();

        dialect.learned(facts("DEV.DEAD.LETTER.QUEUE"));
        assertThat(dialect.deadLetterQueue()).isEqualTo("DEV.DEAD.LETTER.QUEUE");
    }

    private static QueueManagerFacts facts(String deadq) {
        return new QueueManagerFacts("QM1", CMQC.MQQT_LOCAL, CMQC.MQUS_TRANSMISSION, "SYSTEM.MQTT.TRANSMIT.QUEUE",
                deadq, 10_000, true, null, null, null, new QueueManagerLimits(5000, null, null, null, null, null, null, null,
                null, null, null, null, null));
    }
}
