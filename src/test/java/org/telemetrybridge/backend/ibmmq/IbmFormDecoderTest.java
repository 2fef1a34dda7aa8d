package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Session;

import com.ibm.msg.client.jakarta.jms.JmsConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;
import org.telemetrybridge.backend.jms.TransmitMessage;

/**
 * The IBM form as a JMS client hands it over: a bytes message whose data starts with the MQXQH (IBM's
 * classes will not make a message without a session, so the embedded broker's JMS client makes it).
 */
class IbmFormDecoderTest {

    private static final byte[] PAYLOAD = {1, 2, 3};

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private Connection connection;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        connection = broker.connectionFactory().createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        broker.stop();
    }

    @Test
    void subscriptionQosComesFromTheRfh2() throws Exception {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(IbmHeaderFixtures.subscriptionPublication("DEV1", "a/b", "qos=0", PAYLOAD, true));

        TransmitMessage decoded = new IbmFormDecoder().decode(message);

        assertThat(decoded.topic()).isEqualTo("a/b");
        assertThat(decoded.subscriptionQos()).isZero();
    }

    /** Where MQ classes for JMS took the mqps folder off, Sud is JMS_IBM_SubscriptionUserData (IBM, q130250). */
    @Test
    void subscriptionQosComesFromTheJmsPropertyWhereTheRfh2HasNone() throws Exception {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(IbmHeaderFixtures.subscriptionPublication("DEV1", "a/b", null, PAYLOAD, true));
        message.setStringProperty(JmsConstants.JMS_IBM_SUBSCRIPTION_USER_DATA, "qos=1");

        TransmitMessage decoded = new IbmFormDecoder().decode(message);

        assertThat(decoded.targetClientId()).isEqualTo("DEV1");
        assertThat(decoded.subscriptionQos()).isEqualTo(1);
        assertThat(decoded.payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void pointToPointMessageStaysUncapped() throws Exception {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(IbmHeaderFixtures.plain("DEV1", "cmd", PAYLOAD, IbmHeaderFixtures.LINUX_ENCODING,
                IbmHeaderFixtures.ISO8859_1, false));

        assertThat(new IbmFormDecoder().decode(message).subscriptionQos()).isEqualTo(TransmitMessage.NO_SUBSCRIPTION);
    }
}
