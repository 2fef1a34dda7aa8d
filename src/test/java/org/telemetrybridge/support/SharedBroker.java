package org.telemetrybridge.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;
import org.telemetrybridge.backend.embedded.JmsCredentials;
import org.telemetrybridge.mqsc.MqscReader;
import org.telemetrybridge.mqsc.MqscScripts;

/**
 * The stand-in queue manager on its own, in the test's process, with the project's MQSC applied and a
 * JMS acceptor on loopback: several bridge processes share it over TCP ({@code bridge.backend=artemis})
 * as they would share one IBM MQ queue manager, and it outlives any of them.
 */
public final class SharedBroker implements AutoCloseable {

    private final EmbeddedBroker broker;

    public SharedBroker(Path dataDir) throws IOException {
        MqscScripts mqsc = new MqscScripts("mqsc/", MqscReader.readDirectory(Path.of("mqsc")));
        this.broker = new EmbeddedBroker(new EmbeddedSettings(dataDir, "127.0.0.1", 0, mqsc,
                JmsCredentials.resolve(dataDir, "app", "")));
    }

    public SharedBroker start() {
        broker.start();
        return this;
    }

    /**
     * The settings of a bridge that uses this broker. The URL's figures make the broker notice a dead
     * bridge within seconds: pings every second, a connection silent for 3 s is dropped. The bridges
     * connect as the broker's bridge user, not the JMS applications': they manage the broker (device
     * subscriptions are diverts made through its management), which applications may not.
     */
    public Map<String, String> bridgeSettings() {
        ActiveMQConnectionFactory bridgeUser = broker.connectionFactory();
        return Map.of("bridge.backend", "artemis",
                "bridge.artemis.url", "tcp://127.0.0.1:" + broker.jmsPort()
                        + "?clientFailureCheckPeriod=1000&connectionTTL=3000",
                "bridge.artemis.user", bridgeUser.getUser(),
                "bridge.artemis.password", bridgeUser.getPassword());
    }

    /** The URL a test's own JMS application connects with. */
    public String jmsUrl() {
        JmsCredentials credentials = broker.jmsCredentials();
        return "tcp://127.0.0.1:" + broker.jmsPort() + "?user=" + credentials.user() + "&password="
                + credentials.password();
    }

    @Override
    public void close() {
        broker.stop();
    }
}
