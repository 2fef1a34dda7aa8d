package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.telemetrybridge.backend.embedded.JmsCredentials;
import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.JmsClient;

/**
 * The embedded broker's JMS acceptor (issue 13, item 7): anonymous JMS connections are refused; the
 * password is generated on first start into the data directory (owner-only) and kept across restarts,
 * or set by bridge.embedded.jms-user / jms-password; with it, a JMS application reaches the queues
 * it needs.
 */
@ExtendWith(OutputCaptureExtension.class)
class JmsAcceptorCredentialsTest {

    @TempDir
    Path data;

    @Test
    void generatedPasswordIsKeptOwnerOnlyAndAnonymousIsRefused(CapturedOutput output) throws Exception {
        Path file = data.resolve(JmsCredentials.FILE_NAME);
        String password;
        try (BridgeInstance bridge = BridgeInstance.started(data)) {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Properties kept = read(file);
            assertThat(kept.getProperty("user")).isEqualTo("app");
            password = kept.getProperty("password");
            assertThat(password).hasSize(32).matches("[A-Za-z0-9_-]+");
            assertThat(output.getAll()).contains("TBR0174I").contains("TBR0173I The embedded broker's JMS acceptor"
                    + " takes user 'app' (password in " + file).doesNotContain(password);

            assertThatThrownBy(() -> connect(bridge.jmsAddress(), null, null))
                    .as("anonymous").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> connect(bridge.jmsAddress(), "app", "not-" + password))
                    .as("wrong password").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> connect(bridge.jmsAddress(), "telemetry-bridge", password))
                    .as("the bridge's own user is not the application's").isInstanceOf(JMSSecurityException.class);

            try (Connection connection = connect(bridge.jmsAddress(), "app", password)) {
                assertSendAndReceive(connection);
            }
        }
        try (BridgeInstance restarted = BridgeInstance.started(data)) {
            assertThat(read(file).getProperty("password")).as("kept across a restart").isEqualTo(password);
            assertThat(output.getAll().split("TBR0174I", -1)).as("generated once").hasSize(2);
            try (JmsClient jms = new JmsClient(restarted.jmsUrl())) {
                assertThat(jms.session()).isNotNull();
            }
        }
    }

    @Test
    void configuredUserAndPasswordReplaceTheFile(CapturedOutput output) throws Exception {
        Map<String, Object> settings = Map.of("bridge.embedded.jms-user", "orders",
                "bridge.embedded.jms-password", "s3cret-for-orders");
        try (BridgeInstance bridge = new BridgeInstance(data, settings).start()) {
            assertThat(data.resolve(JmsCredentials.FILE_NAME)).doesNotExist();
            assertThat(output.getAll()).contains("TBR0173I The embedded broker's JMS acceptor takes user 'orders'"
                    + " (password in bridge.embedded.jms-password)").doesNotContain("s3cret-for-orders");
            assertThatThrownBy(() -> connect(bridge.jmsAddress(), "app", "s3cret-for-orders"))
                    .isInstanceOf(JMSSecurityException.class);
            try (Connection connection = connect(bridge.jmsAddress(), "orders", "s3cret-for-orders")) {
                assertSendAndReceive(connection);
            }
        }
    }

    private static Connection connect(String url, String user, String password) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        factory.setReconnectAttempts(0);
        Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
        connection.start();
        return connection;
    }

    private static void assertSendAndReceive(Connection connection) throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("APP.CHECK");
        MessageConsumer consumer = session.createConsumer(queue);
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(new byte[] {1, 2, 3});
        session.createProducer(queue).send(message);
        assertThat(consumer.receive(10_000)).as("received back").isNotNull();
    }

    private static Properties read(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
