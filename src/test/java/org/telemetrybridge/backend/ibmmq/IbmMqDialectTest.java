package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import jakarta.jms.JMSException;
import jakarta.jms.Session;

import com.ibm.mq.jakarta.jms.MQConnectionFactory;
import com.ibm.msg.client.jakarta.wmq.WMQConstants;
import org.junit.jupiter.api.Test;

class IbmMqDialectTest {

    private static IbmMqSettings settings(String ccdt, String user, String cipher) {
        return new IbmMqSettings("QM1", "mq1.example(1414),mq2.example(1415)", "DEV.APP.SVRCONN", user, "passw0rd",
                ccdt, cipher, "CN=qm1*", null, null, null, null, "TelemetryBridge", 500, Duration.ofMillis(200));
    }

    @Test
    void connectionFactoryUsesClientTransportConnNameListChannelAndMqcspCredentials() throws Exception {
        MQConnectionFactory factory = IbmMqDialect.createConnectionFactory(settings("", "app", ""));

        assertThat(factory.getTransportType()).isEqualTo(WMQConstants.WMQ_CM_CLIENT);
        assertThat(factory.getQueueManager()).isEqualTo("QM1");
        assertThat(factory.getConnectionNameList()).isEqualTo("mq1.example(1414),mq2.example(1415)");
        assertThat(factory.getChannel()).isEqualTo("DEV.APP.SVRCONN");
        assertThat(factory.getAppName()).isEqualTo("TelemetryBridge");
        assertThat(factory.getStringProperty(WMQConstants.USERID)).isEqualTo("app");
        assertThat(factory.getBooleanProperty(WMQConstants.USER_AUTHENTICATION_MQCSP)).isTrue();
        assertThat(factory.getClientReconnectOptions()).isEqualTo(WMQConstants.WMQ_CLIENT_RECONNECT_DISABLED);
        assertThat(factory.getSSLCipherSuite()).isNull();
    }

    @Test
    void ccdtReplacesConnNameAndTlsSettingsAreApplied() throws Exception {
        MQConnectionFactory factory = IbmMqDialect.createConnectionFactory(
                settings("file:///etc/mq/ccdt.json", "", "TLS_AES_256_GCM_SHA384"));

        assertThat(factory.getCCDTURL()).hasToString("file:/etc/mq/ccdt.json");
        assertThat(factory.getSSLCipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(factory.getSSLPeerName()).isEqualTo("CN=qm1*");
        assertThat(factory.getStringProperty(WMQConstants.USERID)).isNullOrEmpty();
    }

    @Test
    void providerSpecificsAreThoseOfIbmMq() throws Exception {
        IbmMqDialect dialect = new IbmMqDialect(settings("", "app", ""));

        assertThat(dialect.durableAcknowledgeMode()).isEqualTo(Session.CLIENT_ACKNOWLEDGE);
        assertThat(dialect.individualAcknowledge()).isFalse();
        assertThat(dialect.maxUnacknowledged()).isEqualTo(500);
        assertThat(dialect.lastValueQueues()).isFalse();
        assertThat(dialect.durableSubscriptionName("DEV1", "a/#")).isEqualTo("DEV1:a/#");
        assertThat(dialect.describe()).isEqualTo(
                "IBM MQ queue manager QM1 at mq1.example(1414),mq2.example(1415) channel DEV.APP.SVRCONN");
    }

    @Test
    void retainFlagIsJmsIbmRetainOneAndMarksReplays() throws JMSException {
        IbmMqDialect dialect = new IbmMqDialect(settings("", "app", ""));
        jakarta.jms.Message published = org.mockito.Mockito.mock(jakarta.jms.Message.class);
        dialect.markRetained(published);
        org.mockito.Mockito.verify(published).setIntProperty("JMS_IBM_Retain", 1);

        jakarta.jms.Message live = org.mockito.Mockito.mock(jakarta.jms.Message.class);
        assertThat(dialect.isRetainedReplay(live)).isFalse();
        jakarta.jms.Message replay = org.mockito.Mockito.mock(jakarta.jms.Message.class);
        org.mockito.Mockito.when(replay.propertyExists("JMS_IBM_Retain")).thenReturn(true);
        org.mockito.Mockito.when(replay.getIntProperty("JMS_IBM_Retain")).thenReturn(1);
        assertThat(dialect.isRetainedReplay(replay)).isTrue();
    }

    @Test
    void deadLetterCarriesTheMqdlhFormatEncodingAndCharacterSetForTheMqmd() throws Exception {
        IbmMqDialect dialect = new IbmMqDialect(settings("", "app", ""));
        Session session = org.mockito.Mockito.mock(Session.class);
        jakarta.jms.BytesMessage message = org.mockito.Mockito.mock(jakarta.jms.BytesMessage.class);
        org.mockito.Mockito.when(session.createBytesMessage()).thenReturn(message);
        byte[] xmit = IbmHeaderFixtures.plain("GONE", "cmd/x", new byte[] {1, 2}, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.ISO8859_1, true);

        dialect.deadLetter(session, xmit, com.ibm.mq.constants.CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);

        DeadLetterEncoder.DeadLetter expected = DeadLetterEncoder.encode(xmit,
                com.ibm.mq.constants.CMQC.MQRC_UNKNOWN_REMOTE_Q_MGR);
        var body = org.mockito.ArgumentCaptor.forClass(byte[].class);
        org.mockito.Mockito.verify(message).writeBytes(body.capture());
        assertThat(body.getValue()).hasSize(expected.body().length).startsWith('D', 'L', 'H', ' ');
        org.mockito.Mockito.verify(message).setStringProperty("JMS_IBM_Format", "MQDEAD  ");
        org.mockito.Mockito.verify(message).setIntProperty("JMS_IBM_Encoding", IbmHeaderFixtures.LINUX_ENCODING);
        org.mockito.Mockito.verify(message).setIntProperty("JMS_IBM_Character_Set", IbmHeaderFixtures.ISO8859_1);
        org.mockito.Mockito.verify(message).setJMSDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
    }

    @Test
    void failureReasonNamesTheMqReasonCode() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        IbmMqSettings unreachable = new IbmMqSettings("QM1", "127.0.0.1(" + closed + ")", "DEV.APP.SVRCONN", "", "",
                "", "", "", null, null, null, null, "TelemetryBridge", 500, Duration.ofMillis(200));
        IbmMqDialect dialect = new IbmMqDialect(unreachable);
        try {
            dialect.connectionFactory().createConnection().close();
            throw new AssertionError("connected to a closed port");
        } catch (JMSException e) {
            assertThat(MqReason.of(e)).isEqualTo(2538);
            assertThat(dialect.failureReason(e)).startsWith("2538 MQRC_HOST_NOT_AVAILABLE: ");
        }
    }

    @Test
    void reasonCodesWithoutHintStillGetTheirName() {
        assertThat(MqReason.describe(2085)).isEqualTo("2085 MQRC_UNKNOWN_OBJECT_NAME");
        assertThat(MqReason.describe(2035)).startsWith("2035 MQRC_NOT_AUTHORIZED: not authorized");
        assertThat(MqReason.describe(new IOException("plain"))).isEqualTo("plain");
    }
}
