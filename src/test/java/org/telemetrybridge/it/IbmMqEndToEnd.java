package org.telemetrybridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import org.telemetrybridge.backend.ibmmq.IbmMqDialect;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.config.IbmMqProperties;
import org.telemetrybridge.mqtt.MqttServer;

/**
 * The bridge on a real IBM MQ queue manager, named by the environment as the bridge reads it
 * (IBM_MQ_QUEUEMANAGER, IBM_MQ_CONNNAME, IBM_MQ_CHANNEL, IBM_MQ_USER, IBM_MQ_PASSWORD), with a JMS
 * connection of the test's own and MQTT devices. Runs with {@code ./mvnw verify -Pibmmq-it}; skipped when
 * IBM_MQ_CONNNAME is not set. The queue manager must be set up with the shipped mqsc/ scripts (or pass
 * {@code doctor}).
 */
@EnabledIfEnvironmentVariable(named = "IBM_MQ_CONNNAME", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.backend=ibmmq", "bridge.mqtt.port=0"})
abstract class IbmMqEndToEnd {

    /** A topic prefix of this run's own. */
    protected final String run = "tbit/" + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    protected JmsBackend backend;

    @Autowired
    protected MqttServer mqtt;

    @Autowired
    protected IbmMqProperties properties;

    /** The test's own JMS connection to the queue manager, started. */
    protected Connection jms;

    @BeforeEach
    void connect() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!backend.available() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(backend.available()).as("bridge connected to " + backend.describe() + ": "
                + backend.lastFailure()).isTrue();
        jms = new IbmMqDialect(properties.toSettings()).connectionFactory().createConnection();
        jms.start();
    }

    @AfterEach
    void close() throws Exception {
        if (jms != null) {
            jms.close();
        }
    }

    /** A device connected with a clean session. */
    protected Mqtt3BlockingClient device(String clientId) {
        Mqtt3BlockingClient client = Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(mqtt.port()).buildBlocking();
        client.connect();
        return client;
    }
}
