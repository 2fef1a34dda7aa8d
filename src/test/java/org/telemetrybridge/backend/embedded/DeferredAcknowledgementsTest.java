package org.telemetrybridge.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.config.EmbeddedBackendConfiguration;

/**
 * The transmit-queue drain acknowledges delivered messages on the embedded broker with
 * {@code acknowledgeLater} and commits them together: until that commit nothing is removed, so a
 * drain that dies first loses nothing (its messages come again, at least once), and after it they
 * are gone.
 */
class DeferredAcknowledgementsTest {

    private static final String QUEUE = "TEST.DEFERRED.ACKS";
    private static final int MESSAGES = 5;

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private EmbeddedDialect dialect;
    private Connection connection;

    @BeforeEach
    void start() throws JMSException {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        dialect = EmbeddedBackendConfiguration.dialect(broker);
        connection = dialect.connectionFactory().createConnection();
        connection.start();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < MESSAGES; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
        }
    }

    @AfterEach
    void stop() throws JMSException {
        connection.close();
        broker.stop();
    }

    @Test
    void acknowledgedMessagesStayUntilTheCommitAndComeAgainIfTheSessionEndsBeforeIt() throws JMSException {
        Session drain = connection.createSession(false, dialect.durableAcknowledgeMode());
        for (Message message : receiveAll(drain)) {
            dialect.acknowledgeLater(message);
        }
        assertThat(messageCount()).isEqualTo(MESSAGES);
        drain.close(); // as a crash of the drain before its commit

        Session next = connection.createSession(false, dialect.durableAcknowledgeMode());
        List<Message> again = receiveAll(next);
        assertThat(again).extracting(m -> m.getBody(String.class)).containsExactly("m0", "m1", "m2", "m3", "m4");
        next.close();
    }

    @Test
    void oneCommitRemovesEveryMessageAcknowledgedBeforeIt() throws JMSException {
        Session drain = connection.createSession(false, dialect.durableAcknowledgeMode());
        List<Message> received = receiveAll(drain);
        // Only the first three are acknowledged: the commit must not take the others with it.
        for (Message message : received.subList(0, 3)) {
            dialect.acknowledgeLater(message);
        }
        dialect.commitAcknowledgements(drain);
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCount() == MESSAGES - 3);
        drain.close();

        Session next = connection.createSession(false, dialect.durableAcknowledgeMode());
        assertThat(receiveAll(next)).extracting(m -> m.getBody(String.class)).containsExactly("m3", "m4");
        next.close();
    }

    private List<Message> receiveAll(Session session) throws JMSException {
        Queue queue = session.createQueue(QUEUE);
        MessageConsumer consumer = session.createConsumer(queue);
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            Message message = consumer.receive(10_000);
            if (message == null) {
                break;
            }
            received.add(message);
        }
        return received;
    }

    private long messageCount() {
        return broker.server().locateQueue(SimpleString.of(QUEUE)).getMessageCount();
    }
}
