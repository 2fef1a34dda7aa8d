package org.telemetrybridge.support;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;

/** MQTT 3.1.1 devices for tests: HiveMQ's client, connected to a bridge on loopback. */
public final class Devices {

    private Devices() {
    }

    /** A client that is built but not connected. */
    public static Mqtt3BlockingClient client(int port, String clientId) {
        return Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    /** A client connected with a clean session. */
    public static Mqtt3BlockingClient connected(int port, String clientId) {
        return connected(port, clientId, true);
    }

    public static Mqtt3BlockingClient connected(int port, String clientId, boolean cleanSession) {
        Mqtt3BlockingClient client = client(port, clientId);
        client.connectWith().cleanSession(cleanSession).send();
        return client;
    }
}
