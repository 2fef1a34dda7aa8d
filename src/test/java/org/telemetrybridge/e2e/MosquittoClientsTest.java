package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.Mosquitto;

/** Debian's mosquitto_pub and mosquitto_sub, a second and independent client, under MQTT 3.1 and 3.1.1. */
class MosquittoClientsTest {

    @TempDir
    static Path data;
    static BridgeInstance bridge;

    @BeforeAll
    static void startBridge() {
        assumeThat(Mosquitto.installed()).as("mosquitto-clients installed (apt-get install mosquitto-clients)")
                .isTrue();
        bridge = BridgeInstance.started(data);
    }

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv31", "mqttv311"})
    void publishAndSubscribeAtEveryQos(String version) throws Exception {
        int port = bridge.mqttPort();
        Process sub = Mosquitto.startSubscribed(port, "-V", version, "-i", "MSUB_" + version, "-t", "mq/" + version + "/#",
                "-q", "2", "-v", "-C", "3", "-W", "20");
        for (int qos = 0; qos <= 2; qos++) {
            Mosquitto.Result pub = Mosquitto.pub(port, "-V", version, "-i", "MPUB_" + version, "-q",
                    String.valueOf(qos), "-t", "mq/" + version + "/q" + qos, "-m", "payload " + qos);
            assertThat(pub.exitCode()).as(pub.stderr()).isZero();
        }
        Mosquitto.Result received = Mosquitto.finishSubscribed(sub);
        assertThat(received.exitCode()).as(received.stderr()).isZero();
        assertThat(received.stdout().lines()).containsExactly(
                "mq/" + version + "/q0 payload 0",
                "mq/" + version + "/q1 payload 1",
                "mq/" + version + "/q2 payload 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv31", "mqttv311"})
    void retainedMessageReachesALaterSubscriber(String version) {
        int port = bridge.mqttPort();
        String topic = "mqret/" + version;
        assertThat(Mosquitto.pub(port, "-V", version, "-i", "MRPUB", "-q", "1", "-r", "-t", topic, "-m", "kept")
                .exitCode()).isZero();
        Mosquitto.Result received = Mosquitto.sub(port, "-V", version, "-i", "MRSUB", "-t", topic, "-q", "1",
                "-v", "-C", "1", "-W", "10");
        assertThat(received.stdout().strip()).isEqualTo(topic + " kept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv31", "mqttv311"})
    void persistentSessionCollectsMessagesWhileOffline(String version) {
        int port = bridge.mqttPort();
        String id = "MPERSIST_" + version.substring(4);
        String topic = "mqoffline/" + version;
        // Subscribe once with a persistent session (-c), then go away.
        Mosquitto.sub(port, "-V", version, "-i", id, "-c", "-q", "1", "-t", topic, "-W", "1");
        assertThat(Mosquitto.pub(port, "-V", version, "-i", "MOPUB", "-q", "1", "-t", topic, "-m", "while away")
                .exitCode()).isZero();
        Mosquitto.Result received = Mosquitto.sub(port, "-V", version, "-i", id, "-c", "-q", "1", "-t", topic,
                "-v", "-C", "1", "-W", "10");
        assertThat(received.stdout().strip()).isEqualTo(topic + " while away");
    }
}
