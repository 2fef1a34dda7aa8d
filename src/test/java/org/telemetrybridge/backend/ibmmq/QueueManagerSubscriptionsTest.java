package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.pcf.PCFMessage;
import org.junit.jupiter.api.Test;

import org.telemetrybridge.backend.jms.TransmitMessage;
import org.springframework.util.backoff.FixedBackOff;

import org.telemetrybridge.session.port.BackendUnavailableException;

/**
 * What {@link QueueManagerSubscriptions} asks MQ for, without a queue manager: the MQOPEN and MQSUB
 * options against IBM's "Options (MQLONG) for MQSD", the subscription names MQ Telemetry used, the
 * user data carrying the QoS, and the reading of Inquire Subscription answers built with IBM's PCF classes.
 * {@code IbmMqSubscriptionsIT} makes them on a real queue manager.
 */
class QueueManagerSubscriptionsTest {

    @Test
    void destinationIsOpenedForOutputOnly() {
        int options = QueueManagerSubscriptions.destinationOpenOptions();

        assertThat(options & CMQC.MQOO_OUTPUT).isNotZero();
        assertThat(options & (CMQC.MQOO_INPUT_AS_Q_DEF | CMQC.MQOO_INPUT_SHARED | CMQC.MQOO_INPUT_EXCLUSIVE
                | CMQC.MQOO_BROWSE)).as("the drain reads the transmission queue, not this").isZero();
    }

    @Test
    void subscribeCreatesOrResumesAndAltersADurableSubscriptionWithMqttWildcards() {
        int options = QueueManagerSubscriptions.subscribeOptions();

        assertThat(options & CMQC.MQSO_CREATE).as("created if new").isNotZero();
        assertThat(options & CMQC.MQSO_ALTER).as("resumed and altered (QoS, destination) if it exists").isNotZero();
        assertThat(options & CMQC.MQSO_DURABLE).isNotZero();
        assertThat(options & CMQC.MQSO_WILDCARD_TOPIC).as("+ and # match whole levels, as in MQTT").isNotZero();
        assertThat(options & CMQC.MQSO_WILDCARD_CHAR).as("exclusive with MQSO_WILDCARD_TOPIC").isZero();
        assertThat(options & CMQC.MQSO_MANAGED).as("the destination is the bridge's, not a managed queue").isZero();
        assertThat(options & CMQC.MQSO_FIXED_USERID).as("only the bridge's user resumes a device's subscription")
                .isNotZero();
        assertThat(options & CMQC.MQSO_ANY_USERID).as("exclusive with MQSO_FIXED_USERID").isZero();
        assertThat(options & CMQC.MQSO_NEW_PUBLICATIONS_ONLY).isZero();
        assertThat(options & CMQC.MQSO_SET_CORREL_ID).as("with SubCorrelId MQCI_NONE: the publisher's CorrelId")
                .isNotZero();
    }

    @Test
    void removingReachesOnlyAnExistingSubscription() {
        int options = QueueManagerSubscriptions.removeOptions();

        assertThat(options & CMQC.MQSO_ALTER).isNotZero();
        assertThat(options & CMQC.MQSO_CREATE).as("an unknown subscription answers 2428, not a new one").isZero();
        assertThat(options & CMQC.MQSO_DURABLE).isNotZero();
    }

    @Test
    void subscriptionIsNamedAsMqTelemetryNamedIt() {
        assertThat(QueueManagerSubscriptions.name("DEV1", "sensors/+/temp")).isEqualTo("DEV1:sensors/+/temp");
        assertThat(QueueManagerSubscriptions.name("DEV1", "#")).isEqualTo("DEV1:#");
    }

    @Test
    void qosAndFilterTravelAsSubscriptionUserData() {
        assertThat(QueueManagerSubscriptions.subscriptionProperties(2, "sensors/+/temp"))
                .containsEntry(CMQC.MQSUB_PROP_SUBSCRIPTION_USER_DATA, "qos=2 sensors/+/temp").hasSize(2);
        assertThat((byte[]) QueueManagerSubscriptions.subscriptionProperties(1, "a")
                .get(CMQC.MQSUB_PROP_SUBSCRIPTION_CORRELATION_ID)).isEqualTo(CMQC.MQCI_NONE);
        for (int qos = 0; qos <= 2; qos++) {
            assertThat(SubscriptionUserData.qos(SubscriptionUserData.of(qos))).isEqualTo(qos);
            assertThat(SubscriptionUserData.qos(SubscriptionUserData.of(qos, "a b/#"))).isEqualTo(qos);
        }
        assertThat(SubscriptionUserData.filter(SubscriptionUserData.of(1, " spaced / filter "))).isEqualTo(" spaced / filter ");
        assertThat(SubscriptionUserData.filter("qos=1 a/+   ")).as("as PCF answers it, blank-padded").isEqualTo("a/+   ");
        assertThat(SubscriptionUserData.filter(SubscriptionUserData.of(1))).as("the form before the filter").isNull();
        assertThat(SubscriptionUserData.filter("Administrative durable subscription")).isNull();
        assertThat(SubscriptionUserData.qos("qos=12")).isEqualTo(TransmitMessage.NO_SUBSCRIPTION);
        String longest = "x".repeat(SubscriptionUserData.MAX_LENGTH - "qos=1 ".length());
        assertThat(SubscriptionUserData.filter(SubscriptionUserData.of(1, longest))).isEqualTo(longest);
        assertThat(SubscriptionUserData.of(1, longest + "é")).as("over MQ's 10,240 bytes: the QoS alone").isEqualTo("qos=1");
        assertThatThrownBy(() -> SubscriptionUserData.of(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inquiryAnswersAreReadForClientFilterAndQos() {
        PCFMessage ours = answer("DEV1:sensors/+/temp", "sensors/+/temp", QueueManagerSubscriptions.PUBLICATION_QUEUE,
                "qos=1");
        PCFMessage mqTelemetrys = answer("DEV2:alerts/#", "alerts/#", QueueManagerSubscriptions.PUBLICATION_QUEUE, "");
        PCFMessage application = answer("JMS:QM1::orders", "orders", "ORDERS.QUEUE", "");

        assertThat(QueueManagerSubscriptions.isDeviceSubscription(ours)).isTrue();
        assertThat(QueueManagerSubscriptions.isDeviceSubscription(mqTelemetrys)).isTrue();
        assertThat(QueueManagerSubscriptions.isDeviceSubscription(application)).isFalse();
        assertThat(QueueManagerSubscriptions.clientIdOf(ours)).isEqualTo("DEV1");
        assertThat(QueueManagerSubscriptions.qosOf(ours)).isEqualTo(1);
        assertThat(QueueManagerSubscriptions.qosOf(mqTelemetrys)).as("no cap where MQ Telemetry left none").isEqualTo(2);
    }

    @Test
    void anUnreachableQueueManagerIsRetriedAfterTheBackOffNotAtEveryCall() {
        AtomicInteger attempts = new AtomicInteger();
        QueueManagerSubscriptions subscriptions = unreachable(attempts);

        assertThatThrownBy(() -> subscriptions.subscribe("DEV1", "DEV1", "a/b", 1))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("2538");
        assertThatThrownBy(() -> subscriptions.unsubscribe("DEV1", "a/b")).isInstanceOf(BackendUnavailableException.class);
        assertThatThrownBy(() -> subscriptions.of("DEV1")).isInstanceOf(BackendUnavailableException.class);

        assertThat(attempts).hasValue(1);
        assertThat(subscriptions.backendConnections()).as("no MQ connection held while down").isZero();
        subscriptions.close();
    }

    /**
     * No Local is no longer refused up front: it goes to the queue manager (PCF Create Subscription with a
     * selector), here an unreachable one, so the failure is the connection's [MQTT-3.8.3-3].
     */
    @Test
    void noLocalGoesToTheQueueManagerInsteadOfBeingRefused() {
        AtomicInteger attempts = new AtomicInteger();
        QueueManagerSubscriptions subscriptions = unreachable(attempts);

        assertThatThrownBy(() -> subscriptions.subscribe("DEV1", "DEV1", "a/b", 1, true))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("2538")
                .hasMessageNotContaining("No Local");
        assertThat(attempts).hasValue(1);
        subscriptions.close();
    }

    /** Subscriptions whose queue manager cannot be reached, counting the attempts; retried after an hour. */
    private static QueueManagerSubscriptions unreachable(AtomicInteger attempts) {
        return new QueueManagerSubscriptions(settings(),
                new FixedBackOff(Duration.ofHours(1).toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS), s -> {
                    attempts.incrementAndGet();
                    throw new QueueManagerInquiry.InquiryException("2538 MQRC_HOST_NOT_AVAILABLE", null);
                });
    }

    private static PCFMessage answer(String name, String topic, String destination, String userData) {
        PCFMessage response = new PCFMessage(CMQCFC.MQCMD_INQUIRE_SUBSCRIPTION);
        response.addParameter(CMQCFC.MQCACF_SUB_NAME, name);
        response.addParameter(CMQC.MQCA_TOPIC_STRING, topic);
        response.addParameter(CMQCFC.MQCACF_DESTINATION, destination);
        response.addParameter(CMQCFC.MQCACF_SUB_USER_DATA, userData);
        return response;
    }

    private static IbmMqSettings settings() {
        return new IbmMqSettings("QM1", "127.0.0.1(1)", "TBRIDGE.SVRCONN", "", "", "", "", "", null, "", null, "",
                "TelemetryBridge", 1000, Duration.ofMillis(200));
    }

    @Test
    void noLocalLeavesOutTheClientsOwnPublicationsByTheClientIdPropertyOfThePublicationForm() {
        assertThat(QueueManagerSubscriptions.noLocalSelector("DEV1", PublicationForm.JMS))
                .isEqualTo("mqtt_clientid IS NULL OR mqtt_clientid <> 'DEV1'");
        assertThat(QueueManagerSubscriptions.noLocalSelector("DEV1", PublicationForm.MQ_TELEMETRY))
                .isEqualTo("mqtt.clientId IS NULL OR mqtt.clientId <> 'DEV1'");
        assertThat(QueueManagerSubscriptions.noLocalSelector("o'brien", PublicationForm.JMS)).endsWith("<> 'o''brien'");
    }

    @Test
    void aSelectorCannotBeAlteredSoAChangeOfNoLocalDeletesAndMakesTheSubscriptionAgain() {
        String selector = QueueManagerSubscriptions.noLocalSelector("DEV1", PublicationForm.JMS);
        record Case(String existing, String wanted, QueueManagerSubscriptions.Plan plan) {
        }
        for (Case c : java.util.List.of(
                new Case(null, null, new QueueManagerSubscriptions.Plan(false, QueueManagerSubscriptions.Make.MQSUB)),
                new Case("", null, new QueueManagerSubscriptions.Plan(false, QueueManagerSubscriptions.Make.MQSUB)),
                new Case(selector, null, new QueueManagerSubscriptions.Plan(true, QueueManagerSubscriptions.Make.MQSUB)),
                new Case(null, selector, new QueueManagerSubscriptions.Plan(false, QueueManagerSubscriptions.Make.CREATE)),
                new Case("", selector, new QueueManagerSubscriptions.Plan(true, QueueManagerSubscriptions.Make.CREATE)),
                new Case(selector, selector,
                        new QueueManagerSubscriptions.Plan(false, QueueManagerSubscriptions.Make.CHANGE_QOS)),
                new Case("x = 1", selector, new QueueManagerSubscriptions.Plan(true, QueueManagerSubscriptions.Make.CREATE)))) {
            assertThat(QueueManagerSubscriptions.plan(c.existing(), c.wanted())).as(c.toString()).isEqualTo(c.plan());
        }
    }

    @Test
    void aDeviceActsAsItsOwnMqUserOnlyUnderDeviceIdentityAndNeverAsTheBridgeInstead() {
        assertThat(QueueManagerSubscriptions.subscribeOptions(null)).isEqualTo(QueueManagerSubscriptions.subscribeOptions());
        assertThat(QueueManagerSubscriptions.subscribeOptions("dev1") & CMQC.MQSO_ALTERNATE_USER_AUTHORITY).isNotZero();

        assertThat(DeviceIdentity.BRIDGE.alternateUser("DEV1", "alice")).isNull();
        assertThat(DeviceIdentity.USER.alternateUser("DEV1", "alice")).isEqualTo("alice");
        assertThat(DeviceIdentity.CLIENT_ID.alternateUser("DEV1", "alice")).isEqualTo("DEV1");
        assertThatThrownBy(() -> DeviceIdentity.USER.alternateUser("DEV1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no authenticated user");
        assertThatThrownBy(() -> DeviceIdentity.CLIENT_ID.alternateUser("a-very-long-client-id", "alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 12");
    }

    /** An anonymous device under device-identity=user is refused as the client's, before the queue manager is asked. */
    @Test
    void anAnonymousDeviceUnderUserIdentityIsRefusedNotMadeAsTheBridge() {
        AtomicInteger attempts = new AtomicInteger();
        QueueManagerSubscriptions subscriptions = new QueueManagerSubscriptions(
                QueueManagerSubscriptionsTest.settings(DeviceIdentity.USER),
                new FixedBackOff(Duration.ofHours(1).toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS), s -> {
                    attempts.incrementAndGet();
                    throw new QueueManagerInquiry.InquiryException("2538 MQRC_HOST_NOT_AVAILABLE", null);
                });

        assertThatThrownBy(() -> subscriptions.subscribe("DEV1", null, "DEV1", "a/b", 1, false))
                .isInstanceOf(org.telemetrybridge.session.port.BackendRefusedException.class);
        assertThat(attempts).hasValue(0);
        subscriptions.close();
    }

    static IbmMqSettings settings(DeviceIdentity identity) {
        return new IbmMqSettings("QM1", "127.0.0.1(1)", "TBRIDGE.SVRCONN", "", "", "", "", "", null, "", null, "",
                "TelemetryBridge", 1000, Duration.ofMillis(200), null, PublicationForm.JMS, identity);
    }
}
