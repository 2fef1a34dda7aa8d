package org.telemetrybridge.backend.ibmmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.constants.CMQXC;
import com.ibm.mq.constants.CMQZC;
import com.ibm.mq.headers.pcf.PCFMessage;
import com.ibm.mq.headers.pcf.PCFParameter;
import org.junit.jupiter.api.Test;

/**
 * Each PCF request the start-up checks and {@code doctor} send, against IBM's documentation of its
 * command: the parameter identifiers and their structure types (MQCFST string, MQCFIN integer,
 * MQCFIL integer list), required ones present, nothing the command does not take.
 */
class PcfRequestsTest {

    /** Parameter identifier → MQCFT_* type, in the order the request carries them. */
    private static Map<Integer, Integer> parameters(PCFMessage request) {
        Map<Integer, Integer> types = new LinkedHashMap<>();
        for (Object parameter : Collections.list(request.getParameters())) {
            PCFParameter pcf = (PCFParameter) parameter;
            types.put(pcf.getParameter(), pcf.getType());
        }
        return types;
    }

    @Test
    void inquireQueueManagerTakesOnlyTheOptionalAttributeList() throws Exception {
        PCFMessage request = PcfRequests.inquireQueueManager();

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_Q_MGR);
        assertThat(parameters(request)).containsExactly(Map.entry(CMQCFC.MQIACF_Q_MGR_ATTRS, CMQCFC.MQCFT_INTEGER_LIST));
        assertThat(request.getIntListParameterValue(CMQCFC.MQIACF_Q_MGR_ATTRS)).contains(CMQC.MQIA_MAX_HANDLES,
                CMQC.MQCA_DEAD_LETTER_Q_NAME, CMQC.MQIA_PUBSUB_MODE, CMQC.MQIA_MAX_MSG_LENGTH);
    }

    @Test
    void inquireQueueHasTheRequiredQueueNameAndAnAttributeList() throws Exception {
        PCFMessage request = PcfRequests.inquireQueue("SYSTEM.MQTT.TRANSMIT.QUEUE", CMQC.MQIA_Q_TYPE, CMQC.MQIA_USAGE);

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_Q);
        assertThat(parameters(request)).containsExactly(Map.entry(CMQC.MQCA_Q_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACF_Q_ATTRS, CMQCFC.MQCFT_INTEGER_LIST));
        assertThat(request.getStringParameterValue(CMQC.MQCA_Q_NAME)).isEqualTo("SYSTEM.MQTT.TRANSMIT.QUEUE");
    }

    @Test
    void inquireEntityAuthorityHasItsOwnParametersNotThoseOfInquireAuthorityRecords() throws Exception {
        PCFMessage request = PcfRequests.inquireEntityAuthority("app", "SYSTEM.MQTT.TRANSMIT.QUEUE", CMQC.MQOT_Q);

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_ENTITY_AUTH);
        assertThat(parameters(request)).containsOnly(
                Map.entry(CMQCFC.MQCACF_ENTITY_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACF_ENTITY_TYPE, CMQCFC.MQCFT_INTEGER),
                Map.entry(CMQCFC.MQIACF_OBJECT_TYPE, CMQCFC.MQCFT_INTEGER),
                Map.entry(CMQCFC.MQIACF_AUTH_OPTIONS, CMQCFC.MQCFT_INTEGER),
                Map.entry(CMQCFC.MQCACF_OBJECT_NAME, CMQCFC.MQCFT_STRING));
        assertThat(parameters(request)).as("Inquire Authority Records' profile name")
                .doesNotContainKey(CMQCFC.MQCACF_AUTH_PROFILE_NAME);
        assertThat(request.getIntParameterValue(CMQCFC.MQIACF_AUTH_OPTIONS)).as("the only documented option")
                .isEqualTo(CMQCFC.MQAUTHOPT_CUMULATIVE);
        assertThat(request.getIntParameterValue(CMQCFC.MQIACF_ENTITY_TYPE)).isEqualTo(CMQZC.MQZAET_PRINCIPAL);
        assertThat(request.getStringParameterValue(CMQCFC.MQCACF_OBJECT_NAME)).isEqualTo("SYSTEM.MQTT.TRANSMIT.QUEUE");
    }

    @Test
    void inquireEntityAuthorityOnTheQueueManagerOmitsTheObjectName() throws Exception {
        PCFMessage request = PcfRequests.inquireEntityAuthority("app", "QM1", CMQC.MQOT_Q_MGR);

        assertThat(parameters(request)).doesNotContainKey(CMQCFC.MQCACF_OBJECT_NAME)
                .containsKeys(CMQCFC.MQCACF_ENTITY_NAME, CMQCFC.MQIACF_ENTITY_TYPE, CMQCFC.MQIACF_OBJECT_TYPE,
                        CMQCFC.MQIACF_AUTH_OPTIONS);
    }
    @Test
    void inquireChannelHasTheRequiredNameTheTypeAndAnAttributeList() throws Exception {
        PCFMessage request = PcfRequests.inquireServerConnectionChannel("TBRIDGE.SVRCONN");

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_CHANNEL);
        assertThat(parameters(request)).containsExactly(Map.entry(CMQCFC.MQCACH_CHANNEL_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACH_CHANNEL_TYPE, CMQCFC.MQCFT_INTEGER),
                Map.entry(CMQCFC.MQIACF_CHANNEL_ATTRS, CMQCFC.MQCFT_INTEGER_LIST));
        assertThat(request.getIntListParameterValue(CMQCFC.MQIACF_CHANNEL_ATTRS)).containsExactly(
                CMQCFC.MQIACH_SHARING_CONVERSATIONS, CMQCFC.MQIACH_MAX_INSTANCES, CMQCFC.MQIACH_MAX_INSTS_PER_CLIENT);
    }

    @Test
    void inquireAuthenticationInformationHasTheRequiredNameAndAnAttributeList() throws Exception {
        PCFMessage request = PcfRequests.inquireAuthenticationInformation("DEV.AUTHINFO");

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_AUTH_INFO);
        assertThat(parameters(request)).containsExactly(Map.entry(CMQC.MQCA_AUTH_INFO_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACF_AUTH_INFO_ATTRS, CMQCFC.MQCFT_INTEGER_LIST));
        assertThat(request.getIntListParameterValue(CMQCFC.MQIACF_AUTH_INFO_ATTRS))
                .containsExactly(CMQC.MQIA_ADOPT_CONTEXT);
    }

    @Test
    void inquireSubscriptionHasTheRequiredGenericNameDurableYesAndTheAttributesTheBridgeReads() throws Exception {
        PCFMessage request = PcfRequests.inquireDeviceSubscriptions("DEV1:*");

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_SUBSCRIPTION);
        assertThat(parameters(request)).containsExactly(Map.entry(CMQCFC.MQCACF_SUB_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACF_DURABLE_SUBSCRIPTION, CMQCFC.MQCFT_INTEGER),
                Map.entry(CMQCFC.MQIACF_SUB_ATTRS, CMQCFC.MQCFT_INTEGER_LIST));
        assertThat(request.getStringParameterValue(CMQCFC.MQCACF_SUB_NAME)).isEqualTo("DEV1:*");
        assertThat(request.getIntParameterValue(CMQCFC.MQIACF_DURABLE_SUBSCRIPTION)).isEqualTo(CMQC.MQSUB_DURABLE_YES);
        assertThat(request.getIntListParameterValue(CMQCFC.MQIACF_SUB_ATTRS)).containsExactly(CMQC.MQCA_TOPIC_STRING,
                CMQCFC.MQCACF_DESTINATION, CMQCFC.MQCACF_SUB_USER_DATA, CMQCFC.MQCACF_SUB_SELECTOR);
    }

    @Test
    void createSubscriptionForNoLocalCarriesDestinationOnTheClientsQueueManagerAndTheSelector() throws Exception {
        PCFMessage request = PcfRequests.createDeviceSubscription("DEV1:a/#", "a/#", "DEV1", "qos=1",
                "mqtt_clientid IS NULL OR mqtt_clientid <> 'DEV1'", null);

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_CREATE_SUBSCRIPTION);
        assertThat(parameters(request)).containsExactly(Map.entry(CMQCFC.MQCACF_SUB_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQC.MQCA_TOPIC_STRING, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQCACF_DESTINATION, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQCACF_DESTINATION_Q_MGR, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACF_DESTINATION_CLASS, CMQCFC.MQCFT_INTEGER),
                Map.entry(CMQCFC.MQCACF_SUB_SELECTOR, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQCACF_SUB_USER_DATA, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACF_WILDCARD_SCHEMA, CMQCFC.MQCFT_INTEGER),
                Map.entry(CMQCFC.MQIACF_VARIABLE_USER_ID, CMQCFC.MQCFT_INTEGER));
        assertThat(request.getStringParameterValue(CMQCFC.MQCACF_DESTINATION))
                .isEqualTo(QueueManagerSubscriptions.PUBLICATION_QUEUE);
        assertThat(request.getStringParameterValue(CMQCFC.MQCACF_DESTINATION_Q_MGR)).isEqualTo("DEV1");
        assertThat(request.getIntParameterValue(CMQCFC.MQIACF_DESTINATION_CLASS)).isEqualTo(CMQC.MQDC_PROVIDED);
        assertThat(request.getIntParameterValue(CMQCFC.MQIACF_WILDCARD_SCHEMA)).isEqualTo(CMQC.MQWS_TOPIC);
        assertThat(request.getIntParameterValue(CMQCFC.MQIACF_VARIABLE_USER_ID)).isEqualTo(CMQC.MQVU_FIXED_USER);
        assertThat(request.getStringParameterValue(CMQCFC.MQCACF_SUB_USER_DATA)).isEqualTo("qos=1");

        PCFMessage asDevice = PcfRequests.createDeviceSubscription("DEV1:a/#", "a/#", "DEV1", "qos=1", "x = 1",
                "dev1user");
        assertThat(asDevice.getStringParameterValue(CMQCFC.MQCACF_SUB_USER_ID)).isEqualTo("dev1user");
    }

    @Test
    void changeAndDeleteSubscriptionNameTheSubscription() throws Exception {
        PCFMessage change = PcfRequests.changeSubscriptionUserData("DEV1:a/#", "qos=2");
        PCFMessage delete = PcfRequests.deleteSubscription("DEV1:a/#");

        assertThat(change.getCommand()).isEqualTo(CMQCFC.MQCMD_CHANGE_SUBSCRIPTION);
        assertThat(parameters(change)).containsExactly(Map.entry(CMQCFC.MQCACF_SUB_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQCACF_SUB_USER_DATA, CMQCFC.MQCFT_STRING));
        assertThat(delete.getCommand()).isEqualTo(CMQCFC.MQCMD_DELETE_SUBSCRIPTION);
        assertThat(parameters(delete)).containsExactly(Map.entry(CMQCFC.MQCACF_SUB_NAME, CMQCFC.MQCFT_STRING));
        assertThat(delete.getStringParameterValue(CMQCFC.MQCACF_SUB_NAME)).isEqualTo("DEV1:a/#");
    }

    @Test
    void inquireServiceStatusHasTheRequiredServiceNameAndAskesForTheStatus() throws Exception {
        PCFMessage request = PcfRequests.inquireServiceStatus("SYSTEM.MQXR.SERVICE");

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_SERVICE_STATUS);
        assertThat(parameters(request)).containsExactly(Map.entry(CMQC.MQCA_SERVICE_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACF_SERVICE_STATUS_ATTRS, CMQCFC.MQCFT_INTEGER_LIST));
        assertThat(request.getStringParameterValue(CMQC.MQCA_SERVICE_NAME)).isEqualTo("SYSTEM.MQXR.SERVICE");
        assertThat(request.getIntListParameterValue(CMQCFC.MQIACF_SERVICE_STATUS_ATTRS))
                .containsExactly(CMQCFC.MQIACF_SERVICE_STATUS);
    }

    @Test
    void inquireMqttChannelsNamesEveryChannelOfTypeMqtt() throws Exception {
        PCFMessage request = PcfRequests.inquireMqttChannels();

        assertThat(request.getCommand()).isEqualTo(CMQCFC.MQCMD_INQUIRE_CHANNEL);
        assertThat(parameters(request)).containsExactly(Map.entry(CMQCFC.MQCACH_CHANNEL_NAME, CMQCFC.MQCFT_STRING),
                Map.entry(CMQCFC.MQIACH_CHANNEL_TYPE, CMQCFC.MQCFT_INTEGER),
                Map.entry(CMQCFC.MQIACF_CHANNEL_ATTRS, CMQCFC.MQCFT_INTEGER_LIST));
        assertThat(request.getStringParameterValue(CMQCFC.MQCACH_CHANNEL_NAME)).isEqualTo("*");
        assertThat(request.getIntParameterValue(CMQCFC.MQIACH_CHANNEL_TYPE)).isEqualTo(CMQXC.MQCHT_MQTT);
        assertThat(request.getIntListParameterValue(CMQCFC.MQIACF_CHANNEL_ATTRS)).containsExactly(CMQCFC.MQIACH_PORT);
    }
}
