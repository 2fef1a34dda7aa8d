package org.telemetrybridge.backend.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;
import org.telemetrybridge.session.port.MessageProperties;
import org.telemetrybridge.session.port.SessionState;
import org.telemetrybridge.session.port.SubscriptionOptions;

/** The stored form of a persistent session: MQTT 5's subscription options and expiry, and older states. */
class SessionStateCodecTest {

    @TempDir
    static Path data;
    static EmbeddedBroker broker;
    static Connection connection;
    static Session session;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        connection = broker.connectionFactory().createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        broker.stop();
    }

    @Test
    void subscriptionOptionsAndTheClientsExpiryIntervalAreStored() throws JMSException {
        SessionState state = new SessionState("C1", Map.of("a/#", 1, "b:c/+", 2, "plain", 0), Set.of(7),
                Map.of(3, new SessionState.OutboundFlow("ID:1", SessionState.Stage.RELEASED)), List.of("ID:0"),
                Map.of("a/#", new SubscriptionOptions(true, false, 268_435_455),
                        "b:c/+", new SubscriptionOptions(false, true, SubscriptionOptions.NO_ID)), 86_400);
        SessionState back = SessionStateCodec.decode(SessionStateCodec.encode(session, state));
        assertThat(back).isEqualTo(state);
        assertThat(back.optionsOf("plain")).isEqualTo(SubscriptionOptions.NONE);
    }

    /** A will waiting out its delay, with every MQTT 5 will property, comes back as it was stored. */
    @Test
    void aWaitingWillIsStoredWithItsProperties() throws JMSException {
        MessageProperties properties = new MessageProperties(30_000, "text/plain", true, "replies/dev",
                new byte[] {1, 2, 0, 3}, List.of(new MessageProperties.UserProperty("site", "north"),
                new MessageProperties.UserProperty("site", ""), new MessageProperties.UserProperty("", "x y")));
        SessionState.WaitingWill will = new SessionState.WaitingWill("status/dev", "gone".getBytes(), 1, true,
                properties, 1_764_400_000_123L);
        SessionState state = new SessionState("C3", Map.of("a", 1), Set.of(), Map.of(), List.of(), Map.of(), 600, will);
        SessionState back = SessionStateCodec.decode(SessionStateCodec.encode(session, state));
        assertThat(back.waitingWill()).isEqualTo(will);
        assertThat(back).isEqualTo(state);
        SessionState bare = new SessionState("C4", Map.of("a", 1), Set.of(), Map.of(), List.of(), Map.of(), -1,
                new SessionState.WaitingWill("s", new byte[0], 0, false, MessageProperties.NONE, 5));
        assertThat(SessionStateCodec.decode(SessionStateCodec.encode(session, bare)).waitingWill())
                .isEqualTo(bare.waitingWill());
        assertThat(SessionStateCodec.decode(SessionStateCodec.encode(session, new SessionState("C5", Map.of(), Set.of())))
                .waitingWill()).isNull();
    }

    @Test
    void aStateWithoutTheClientsExpiryIntervalReadsAsMinusOne() throws JMSException {
        SessionState state = new SessionState("C2", Map.of("x", 1), Set.of());
        assertThat(SessionStateCodec.decode(SessionStateCodec.encode(session, state)).expiryInterval()).isEqualTo(-1);
    }

    /** A state as the bridge stored it before MQTT 5's options were stored: it is read, without them. */
    @Test
    void aStateStoredByAnEarlierVersionIsStillRead() throws JMSException {
        MapMessage old = session.createMapMessage();
        old.setStringProperty("mqtt_clientid", "OLD");
        old.setString("clientId", "OLD");
        old.setString("pendingQos2", "4,5");
        old.setInt("s:old/#", 2);
        old.setString("completedQos2", "");
        old.setString("o:9", "S:ID:abc");
        SessionState state = SessionStateCodec.decode(old);
        assertThat(state.subscriptions()).isEqualTo(Map.of("old/#", 2));
        assertThat(state.pendingQos2()).containsExactlyInAnyOrder(4, 5);
        assertThat(state.outboundQos2()).containsEntry(9, new SessionState.OutboundFlow("ID:abc", SessionState.Stage.SENT));
        assertThat(state.options()).isEmpty();
        assertThat(state.optionsOf("old/#")).isEqualTo(SubscriptionOptions.NONE);
        assertThat(state.expiryInterval()).isEqualTo(-1);
    }
}
