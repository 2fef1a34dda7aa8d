package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import com.ibm.mq.MQQueueManager;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.pcf.PCFMessage;
import com.ibm.mq.headers.pcf.PCFMessageAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.util.backoff.FixedBackOff;

import org.telemetrybridge.session.port.BackendRefusedException;

/**
 * {@code ibm.mq.device-identity=user} on a real queue manager: a persistent session's subscription is owned
 * by the device's MQ user, made with and without No Local; a device user without SUB authority is refused
 * (MQRC 2035 as {@link BackendRefusedException}). Needs, beside IBM_MQ_*: the bridge's user granted ALTUSR
 * (the commented grant in mqsc/40), IBM_MQ_DEVICE_USER (an OS user the queue manager knows, with SUB on
 * SYSTEM.BASE.TOPIC and PUT on SYSTEM.MQTT.TRANSMIT.QUEUE) and IBM_MQ_UNAUTHORIZED_USER (an OS user with
 * no authority records).
 */
@EnabledIfEnvironmentVariable(named = "IBM_MQ_DEVICE_USER", matches = ".+")
class IbmMqDeviceIdentityIT {

    private final String run = "tbit/" + UUID.randomUUID().toString().substring(0, 8);
    private final String client = "TBIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    private IbmMqSettings settings;
    private QueueManagerSubscriptions subscriptions;

    @BeforeEach
    void connect() {
        settings = IbmMqItSettings.fromEnvironment(Duration.ofMillis(200), PublicationForm.JMS, DeviceIdentity.USER);
        subscriptions = new QueueManagerSubscriptions(settings, new FixedBackOff(1000, 3));
    }

    @AfterEach
    void close() {
        subscriptions.unsubscribe(client, run + "/#");
        subscriptions.close();
    }

    @Test
    void theSubscriptionIsOwnedByTheDevicesUserWithAndWithoutNoLocal() throws Exception {
        String deviceUser = System.getenv("IBM_MQ_DEVICE_USER");

        subscriptions.subscribe(client, deviceUser, client, run + "/#", 1, false);
        assertThat(subscriptionUser()).isEqualTo(deviceUser);

        subscriptions.subscribe(client, deviceUser, client, run + "/#", 1, true); // PCF with SubscriptionUser
        assertThat(subscriptionUser()).isEqualTo(deviceUser);
        assertThat(subscriptions.unsubscribe(client, run + "/#")).isTrue();
    }

    @Test
    void aDeviceUserWithoutSubscribeAuthorityIsRefused() {
        assertThatThrownBy(() -> subscriptions.subscribe(client, env("IBM_MQ_UNAUTHORIZED_USER", "nobody"), client,
                run + "/#", 1, false)).isInstanceOf(BackendRefusedException.class).hasMessageContaining("2035");
    }

    /** SUBUSER of the subscription, by PCF Inquire Subscription. */
    private String subscriptionUser() throws Exception {
        MQQueueManager admin = QueueManagerInquiry.connect(settings);
        PCFMessageAgent agent = new PCFMessageAgent(admin);
        try {
            PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_SUBSCRIPTION);
            request.addParameter(CMQCFC.MQCACF_SUB_NAME, client + ":" + run + "/#");
            request.addParameter(CMQCFC.MQIACF_SUB_ATTRS, new int[] {CMQCFC.MQCACF_SUB_USER_ID});
            return agent.send(request)[0].getStringParameterValue(CMQCFC.MQCACF_SUB_USER_ID).trim();
        } finally {
            agent.disconnect();
            admin.disconnect();
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
