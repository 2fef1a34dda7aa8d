import java.nio.charset.StandardCharsets;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A JMS application beside the bridge's embedded stand-in queue manager, both ways:
 * it prints what devices publish under a topic filter, and sends one message to one device.
 *
 * <pre>
 * java DeviceChat.java [url] [filter] [device] [topic] [text] [seconds]
 *   url      the embedded broker's JMS acceptor, default tcp://127.0.0.1:61616
 *   filter   MQTT topic filter to listen to, default sensors/#
 *   device   client id of the device to send to, default DEV1
 *   topic    topic the device sees the message on, default cmd/hello
 *   text     the message, default "hello from JMS"
 *   seconds  how long to listen, default 30
 * Credentials of the JMS acceptor: environment variables BRIDGE_JMS_USER and BRIDGE_JMS_PASSWORD.
 * </pre>
 *
 * Run it with the project's Maven wrapper: {@code ./mvnw -q -f examples/jms/pom.xml compile exec:java
 * -Dexec.args="tcp://127.0.0.1:61616 sensors/# DEV1 cmd/hello hi 30"}.
 */
public final class DeviceChat {

    /** The queue the bridge drains to send to one device: MQ Telemetry's transmission queue. */
    static final String TRANSMIT_QUEUE = "SYSTEM.MQTT.TRANSMIT.QUEUE";

    public static void main(String[] args) throws Exception {
        String url = arg(args, 0, "tcp://127.0.0.1:61616");
        String filter = arg(args, 1, "sensors/#");
        String device = arg(args, 2, "DEV1");
        String topic = arg(args, 3, "cmd/hello");
        String text = arg(args, 4, "hello from JMS");
        long seconds = Long.parseLong(arg(args, 5, "30"));

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        try (Connection connection = factory.createConnection(System.getenv("BRIDGE_JMS_USER"),
                System.getenv("BRIDGE_JMS_PASSWORD"))) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);

            // Devices' publications: a JMS topic named as the MQTT topic; + and # work as in MQTT.
            MessageConsumer consumer = session.createConsumer(session.createTopic(filter));
            connection.start();

            // To one device: put on the transmit queue, naming the device (its client id, a pseudo
            // queue manager) and the topic it sees. Persistent means QoS 1.
            MessageProducer producer = session.createProducer(session.createQueue(TRANSMIT_QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            BytesMessage command = session.createBytesMessage();
            command.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            command.setStringProperty("RemoteQMgrName", device);
            command.setStringProperty("RemoteQName", topic);
            producer.send(command);
            System.out.println("sent to " + device + " on " + topic + ": " + text);

            long end = System.currentTimeMillis() + seconds * 1000;
            for (long left = seconds * 1000; left > 0; left = end - System.currentTimeMillis()) {
                Message message = consumer.receive(left);
                if (message instanceof BytesMessage bytes) {
                    byte[] payload = new byte[(int) bytes.getBodyLength()];
                    bytes.readBytes(payload);
                    String from = ((Topic) message.getJMSDestination()).getTopicName();
                    System.out.println(from + " " + new String(payload, StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static String arg(String[] args, int index, String otherwise) {
        return args.length > index ? args[index] : otherwise;
    }
}
