package org.telemetrybridge.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.MqObjectNames;
import org.telemetrybridge.backend.jms.MessageMapping;
import org.telemetrybridge.support.SharedBroker;

/**
 * Device subscriptions made through the management of a stand-in broker shared over TCP, as a bridge
 * with {@code bridge.backend=artemis} makes them: real broker, real JMS connections, no bridge.
 */
class RemoteDeviceSubscriptionsTest {

    @TempDir
    Path data;

    @Test
    void subscriptionsAreDivertsEveryBridgeOnTheBrokerSeesAndNoLocalLeavesOutTheClientsOwn() throws Exception {
        try (SharedBroker broker = new SharedBroker(data).start()) {
            Map<String, String> bridge = broker.bridgeSettings();
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(bridge.get("bridge.artemis.url"),
                    bridge.get("bridge.artemis.user"), bridge.get("bridge.artemis.password"));
            try (Connection one = factory.createConnection(); Connection other = factory.createConnection()) {
                one.start();
                other.start();
                RemoteDeviceSubscriptions first = new RemoteDeviceSubscriptions(() -> one);
                RemoteDeviceSubscriptions second = new RemoteDeviceSubscriptions(() -> other);
                String clientId = "DEV'1"; // a quote in the client id must not break the filter

                first.subscribe(clientId, clientId, "r/#", 1, true);
                first.subscribe("DEV2", "DEV2", "r/t", 0);
                // Another bridge on the same broker (a standby that took over) finds them.
                assertThat(second.of(clientId)).isEqualTo(Map.of("r/#", 1));
                assertThat(second.clientIds()).containsExactlyInAnyOrder(clientId, "DEV2");

                Session session = one.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createTopic("r/t"));
                producer.send(published(session, "own", clientId));
                producer.send(published(session, "other", "DEV3"));
                producer.send(session.createTextMessage("application"));
                // [MQTT-3.8.3-3] not the client's own publication; an application's has no client id.
                assertThat(waiting(session, clientId)).containsExactlyInAnyOrder("other", "application");
                assertThat(waiting(session, "DEV2")).containsExactlyInAnyOrder("own", "other", "application");

                // A repeated SUBSCRIBE without No Local replaces the subscription [MQTT-3.8.4-3].
                second.subscribe(clientId, clientId, "r/#", 2, false);
                assertThat(first.of(clientId)).isEqualTo(Map.of("r/#", 2));
                producer.send(published(session, "own again", clientId));
                assertThat(waiting(session, clientId)).contains("own again");

                assertThat(second.unsubscribe(clientId, "r/#")).isTrue();
                assertThat(first.unsubscribe(clientId, "r/#")).isFalse();
                assertThat(first.of(clientId)).isEmpty();
                assertThat(first.clientIds()).containsExactly("DEV2");
            }
        }
    }

    /**
     * {@code clientIds()} runs at every connect of the backend (a standby taking over) and at every
     * leftover sweep: one management request for all subscriptions, not one or two per divert.
     */
    @Test
    void clientIdsAsksTheBrokerOnceWhateverTheNumberOfSubscriptions() throws Exception {
        try (SharedBroker broker = new SharedBroker(data).start()) {
            Map<String, String> bridge = broker.bridgeSettings();
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(bridge.get("bridge.artemis.url"),
                    bridge.get("bridge.artemis.user"), bridge.get("bridge.artemis.password"));
            try (Connection connection = factory.createConnection()) {
                connection.start();
                AtomicInteger requests = new AtomicInteger();
                // Every management request is made on a session of its own: counting sessions counts requests.
                Connection counted = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("createSession")) {
                                requests.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                RemoteDeviceSubscriptions subscriptions = new RemoteDeviceSubscriptions(() -> counted);
                Set<String> expected = new HashSet<>();
                for (int i = 0; i < 30; i++) {
                    subscriptions.subscribe("CID" + i, "CID" + i, "c/" + i + "/#", 1);
                    subscriptions.subscribe("CID" + i, "CID" + i, "all/+", 0);
                    expected.add("CID" + i);
                }
                // A client id with a colon (client id rule "mqtt"), and a filter with one.
                subscriptions.subscribe("odd:id", "odd:id", "urn:x/#", 1);
                expected.add("odd:id");

                requests.set(0);
                assertThat(subscriptions.clientIds()).containsAll(expected);
                assertThat(requests.get()).as("management requests for clientIds()").isEqualTo(1);
                assertThat(subscriptions.of("odd:id")).isEqualTo(Map.of("urn:x/#", 1));
                assertThat(subscriptions.of("odd")).isEmpty();
            }
        }
    }

    private static Message published(Session session, String text, String clientId) throws Exception {
        Message message = session.createTextMessage(text);
        message.setStringProperty(MessageMapping.CLIENT_ID, clientId);
        return message;
    }

    /** The payloads on the transmit queue addressed to the client. */
    private static List<String> waiting(Session session, String clientId) throws Exception {
        try (QueueBrowser browser = session.createBrowser(session.createQueue(MqObjectNames.TRANSMIT_QUEUE),
                "RemoteQMgrName = " + DeviceSubscriptionDivert.quoted(clientId))) {
            return Collections.list(browser.getEnumeration()).stream()
                    .map(m -> {
                        try {
                            return ((jakarta.jms.TextMessage) m).getText();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
        }
    }
}
