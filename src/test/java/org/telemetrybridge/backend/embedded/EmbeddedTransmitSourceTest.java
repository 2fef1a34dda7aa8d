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
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.MqObjectNames;

/**
 * The drain's consumer inside the embedded broker, on a real broker: it gives the JMS messages a JMS
 * consumer would, settles them as the drain says, gives back what it did not settle when closed,
 * and takes no more from the queue than its buffer holds.
 */
class EmbeddedTransmitSourceTest {

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private Connection connection;

    @BeforeEach
    void start() throws JMSException {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        connection = broker.connectionFactory().createConnection();
        connection.start();
    }

    @AfterEach
    void stop() throws JMSException {
        connection.close();
        broker.stop();
    }

    /** A source as the drain opens one: bodies up to 4 MB; nothing here is too large to deliver. */
    private EmbeddedTransmitSource newSource() throws JMSException {
        return new EmbeddedTransmitSource(broker.server(), 4L << 20, reason -> { });
    }

    @Test
    void givesTheMessagesAJmsConsumerWouldInQueueOrder() throws JMSException {
        send(3);
        EmbeddedTransmitSource source = newSource();
        List<Message> received = receive(source, 3);
        assertThat(received).extracting(m -> m.getStringProperty("RemoteQMgrName")).containsExactly("DEV0", "DEV1", "DEV2");
        assertThat(received).extracting(m -> m.getBody(String.class)).containsExactly("m0", "m1", "m2");
        assertThat(received.get(0).getJMSMessageID()).startsWith("ID:");
        assertThat(received.get(0).getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(received.get(0).getJMSRedelivered()).isFalse();
        assertThat(source.receive(0)).isNull();
        source.close();
    }

    @Test
    void acknowledgedMessagesStayUntilTheCommitAndComeAgainIfTheSourceClosesBeforeIt() throws JMSException {
        send(5);
        EmbeddedTransmitSource source = newSource();
        for (Message message : receive(source, 5)) {
            source.acknowledgeLater(message);
        }
        assertThat(messageCount()).isEqualTo(5);
        source.close(); // as a drain that fails before its commit

        EmbeddedTransmitSource next = newSource();
        List<Message> again = receive(next, 5);
        assertThat(again).extracting(m -> m.getBody(String.class)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(again.get(0).getJMSRedelivered()).as("delivered before").isTrue();
        next.close();
    }

    @Test
    void oneCommitRemovesExactlyTheAcknowledgedAndRemoveTakesOneAtOnce() throws JMSException {
        send(5);
        EmbeddedTransmitSource source = newSource();
        List<Message> received = receive(source, 5);
        source.acknowledgeLater(received.get(0));
        source.acknowledgeLater(received.get(2));
        source.commitAcknowledgements();
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCount() == 3);
        source.remove(received.get(4)); // held or dead-lettered: off the queue without a commit
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCount() == 2);
        source.close();

        EmbeddedTransmitSource next = newSource();
        assertThat(receive(next, 2)).extracting(m -> m.getBody(String.class)).containsExactly("m1", "m3");
        assertThat(next.receive(200)).isNull();
        // A message of the closed source, acknowledged late, is not the new source's to settle.
        next.acknowledgeLater(received.get(1));
        next.commitAcknowledgements();
        assertThat(messageCount()).isEqualTo(2);
        next.close();
    }

    @Test
    void takesNoMoreFromTheQueueThanItsBufferHolds() throws JMSException {
        int messages = EmbeddedTransmitSource.MAX_BUFFERED * 2;
        send(messages);
        EmbeddedTransmitSource source = newSource();
        await().atMost(Duration.ofSeconds(10)).until(() -> source.getDeliveringMessages().size() == EmbeddedTransmitSource.MAX_BUFFERED);
        assertThat(queue().getDeliveringCount()).isEqualTo(EmbeddedTransmitSource.MAX_BUFFERED);

        List<Message> all = receive(source, messages);
        assertThat(all).hasSize(messages);
        for (int i = 0; i < messages; i++) {
            assertThat(all.get(i).getBody(String.class)).isEqualTo("m" + i);
            source.acknowledgeLater(all.get(i));
        }
        source.commitAcknowledgements();
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCount() == 0);
        source.close();
    }

    private void send(int count) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(MqObjectNames.TRANSMIT_QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                Message message = session.createTextMessage("m" + i);
                message.setStringProperty("RemoteQMgrName", "DEV" + i);
                producer.send(message);
            }
        }
    }

    private static List<Message> receive(EmbeddedTransmitSource source, int count) throws JMSException {
        List<Message> received = new ArrayList<>();
        while (received.size() < count) {
            Message message = source.receive(10_000);
            if (message == null) {
                break;
            }
            received.add(message);
        }
        return received;
    }

    private org.apache.activemq.artemis.core.server.Queue queue() {
        return broker.server().locateQueue(SimpleString.of(MqObjectNames.TRANSMIT_QUEUE));
    }

    private long messageCount() {
        return queue().getMessageCount();
    }
}
