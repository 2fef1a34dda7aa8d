package org.telemetrybridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrybridge.e2e.SharedSubscriptionsTest.WAIT;
import static org.telemetrybridge.e2e.SharedSubscriptionsTest.ids;
import static org.telemetrybridge.e2e.SharedSubscriptionsTest.join;
import static org.telemetrybridge.e2e.SharedSubscriptionsTest.member;
import static org.telemetrybridge.e2e.SharedSubscriptionsTest.payload;
import static org.telemetrybridge.e2e.SharedSubscriptionsTest.publishJms;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.support.BridgeInstance;
import org.telemetrybridge.support.IbmMqLikeBackend;

/**
 * Shared subscriptions with IBM MQ's acknowledgement (one acknowledge covers everything a JMS session
 * consumed, so each member's consumer acknowledges in batches), on the embedded broker acting so: the
 * path the IBM MQ backend takes, without a queue manager. As in {@code PointToPointStoreAndForwardTest},
 * this simulation is asked for at-least-once only: nothing lost.
 */
class SharedSubscriptionsBatchAcknowledgementTest {

    @TempDir
    Path data;

    private BridgeInstance start() {
        return new BridgeInstance(data, Map.of(), IbmMqLikeBackend.class).start();
    }

    @Test
    void threeMembersGetEveryMessageOfTheStreamBetweenThem() throws Exception {
        int n = 200;
        String shared = "$share/batch/jobs/#";
        try (BridgeInstance bridge = start()) {
            Queue<String> one = join(member(bridge, "B1", 0), shared);
            Queue<String> two = join(member(bridge, "B2", 600), shared);
            Mqtt5AsyncClient third = member(bridge, "B3", 600);
            Queue<String> three = join(third, shared);
            publishJms(bridge, "jobs/1", n, "b");
            Awaitility.await("every message at some member").atMost(WAIT).until(() -> {
                Set<String> all = new HashSet<>(one);
                all.addAll(two);
                all.addAll(three);
                return all.equals(ids("b", n));
            });
            third.disconnectWith().sessionExpiryInterval(0).send().join();
        }
    }

    @Test
    void aLeavingMembersUnacknowledgedBatchReachesAnotherMember() throws Exception {
        int n = 60;
        String shared = "$share/batchhand/tasks/#";
        try (BridgeInstance bridge = start()) {
            Mqtt5AsyncClient holder = member(bridge, "BHOLDER", 600);
            Queue<String> held = new ConcurrentLinkedQueue<>();
            holder.subscribeWith().topicFilter(shared).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> held.add(payload(publish))).manualAcknowledgement(true).send().join();
            // A clean member: on such a provider its group is durable too, the same subscription as the holder's.
            Mqtt5AsyncClient otherMember = member(bridge, "BOTHER", 0);
            Queue<String> other = join(otherMember, shared);
            publishJms(bridge, "tasks/1", n, "h");
            Awaitility.await("the holder has some unacknowledged").atMost(WAIT).until(() -> !held.isEmpty());
            Set<String> unacknowledged = new HashSet<>(held);
            holder.disconnect().join();
            Awaitility.await("all at the other member, the holder's too").atMost(WAIT)
                    .until(() -> new HashSet<>(other).equals(ids("h", n)));
            assertThat(new HashSet<>(other)).containsAll(unacknowledged);
            otherMember.disconnect().join();
            holder.connectWith().cleanStart(true).sessionExpiryInterval(0).send().join();
            holder.disconnect().join();
            Awaitility.await("the group's durable subscription deleted after its last member").atMost(WAIT)
                    .until(() -> bridge.broker().server().locateQueue(SimpleString.of(shared)) == null);
        }
    }
}
