package org.telemetrybridge.backend.ibmmq;

import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.constants.CMQXC;
import com.ibm.mq.constants.CMQZC;
import com.ibm.mq.headers.pcf.PCFMessage;

/**
 * The PCF requests the start-up checks and {@code doctor} send, each built with exactly the
 * parameters IBM documents for its command (identifier and type), so that a queue manager does not
 * refuse them with MQRCCF_PARM_SEQUENCE_ERROR / MQRCCF_CFST_PARM_ID_ERROR and the check is not
 * silently skipped. {@code PcfRequestsTest} checks each against the documentation.
 */
final class PcfRequests {

    /** The queue manager attributes the checks and the bridge use. */
    static final int[] QUEUE_MANAGER_ATTRIBUTES = {CMQC.MQCA_Q_MGR_NAME, CMQC.MQCA_DEF_XMIT_Q_NAME,
            CMQC.MQCA_DEAD_LETTER_Q_NAME, CMQC.MQIA_MAX_UNCOMMITTED_MSGS, CMQC.MQIA_MAX_HANDLES,
            CMQC.MQIA_PUBSUB_MODE, CMQC.MQIA_MAX_MSG_LENGTH, CMQC.MQCA_CONN_AUTH};

    private PcfRequests() {
    }

    /**
     * Inquire Queue Manager (MQCMD_INQUIRE_Q_MGR): no required parameter; optional QMgrAttrs
     * (MQIACF_Q_MGR_ATTRS, MQCFIL). IBM: "MQCMD_INQUIRE_Q_MGR (Inquire Queue Manager)" in the PCF
     * command reference.
     */
    static PCFMessage inquireQueueManager() {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_Q_MGR);
        request.addParameter(CMQCFC.MQIACF_Q_MGR_ATTRS, QUEUE_MANAGER_ATTRIBUTES);
        return request;
    }

    /**
     * Inquire Queue (MQCMD_INQUIRE_Q): required QName (MQCA_Q_NAME, MQCFST); optional QAttrs
     * (MQIACF_Q_ATTRS, MQCFIL). IBM: "Inquire Queue",
     * https://ibm.com/support/knowledgecenter/en/SSFKSJ_9.1.0/com.ibm.mq.ref.adm.doc/q087800_.htm
     */
    static PCFMessage inquireQueue(String name, int... attributes) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_Q);
        request.addParameter(CMQC.MQCA_Q_NAME, name);
        request.addParameter(CMQCFC.MQIACF_Q_ATTRS, attributes);
        return request;
    }

    /**
     * Inquire Channel (MQCMD_INQUIRE_CHANNEL): required ChannelName (MQCACH_CHANNEL_NAME, MQCFST);
     * optional ChannelType (MQIACH_CHANNEL_TYPE, MQCFIN), here MQCHT_SVRCONN, and ChannelAttrs
     * (MQIACF_CHANNEL_ATTRS, MQCFIL). IBM: "Inquire Channel" and "Inquire Channel (Response)",
     * https://www.ibm.com/support/knowledgecenter/en/SSFKSJ_9.1.0/com.ibm.mq.ref.adm.doc/q087430_.html
     */
    static PCFMessage inquireServerConnectionChannel(String name) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_CHANNEL);
        request.addParameter(CMQCFC.MQCACH_CHANNEL_NAME, name);
        request.addParameter(CMQCFC.MQIACH_CHANNEL_TYPE, CMQXC.MQCHT_SVRCONN);
        request.addParameter(CMQCFC.MQIACF_CHANNEL_ATTRS, new int[] {CMQCFC.MQIACH_SHARING_CONVERSATIONS,
                CMQCFC.MQIACH_MAX_INSTANCES, CMQCFC.MQIACH_MAX_INSTS_PER_CLIENT});
        return request;
    }

    /**
     * Inquire Authentication Information Object (MQCMD_INQUIRE_AUTH_INFO): required AuthInfoName
     * (MQCA_AUTH_INFO_NAME, MQCFST); optional AuthInfoAttrs (MQIACF_AUTH_INFO_ATTRS, MQCFIL), here
     * MQIA_ADOPT_CONTEXT. IBM: "MQCMD_INQUIRE_AUTH_INFO (Inquire Authentication Information Object)",
     * https://www.ibm.com/docs/en/SSFKSJ_9.2.0/com.ibm.mq.ref.adm.doc/q087270_.html
     */
    static PCFMessage inquireAuthenticationInformation(String name) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_AUTH_INFO);
        request.addParameter(CMQC.MQCA_AUTH_INFO_NAME, name);
        request.addParameter(CMQCFC.MQIACF_AUTH_INFO_ATTRS, new int[] {CMQC.MQIA_ADOPT_CONTEXT});
        return request;
    }

    /**
     * Inquire Entity Authority (MQCMD_INQUIRE_ENTITY_AUTH), IBM: "MQCMD_INQUIRE_ENTITY_AUTH (Inquire
     * Entity Authority) on Multiplatforms",
     * https://www.ibm.com/docs/en/SSFKSJ_9.2.0/com.ibm.mq.ref.adm.doc/q087640_.html: required
     * EntityName (MQCACF_ENTITY_NAME, MQCFST), EntityType (MQIACF_ENTITY_TYPE, MQCFIN), ObjectType
     * (MQIACF_OBJECT_TYPE, MQCFIN) and Options (MQIACF_AUTH_OPTIONS, MQCFIN), which must be
     * MQAUTHOPT_CUMULATIVE: the authority the entity has through all its groups and every profile
     * that matches; optional ObjectName (MQCACF_OBJECT_NAME, MQCFST), required unless the object is
     * the queue manager, when it must be omitted. (The profile name and the NAME_ALL_MATCHING /
     * ENTITY_SET options belong to Inquire Authority Records, MQCMD_INQUIRE_AUTH_RECS.)
     */
    static PCFMessage inquireEntityAuthority(String user, String objectName, int objectType) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_ENTITY_AUTH);
        request.addParameter(CMQCFC.MQCACF_ENTITY_NAME, user);
        request.addParameter(CMQCFC.MQIACF_ENTITY_TYPE, CMQZC.MQZAET_PRINCIPAL);
        request.addParameter(CMQCFC.MQIACF_OBJECT_TYPE, objectType);
        request.addParameter(CMQCFC.MQIACF_AUTH_OPTIONS, CMQCFC.MQAUTHOPT_CUMULATIVE);
        if (objectType != CMQC.MQOT_Q_MGR) {
            request.addParameter(CMQCFC.MQCACF_OBJECT_NAME, objectName);
        }
        return request;
    }
    /**
     * Inquire Subscription (MQCMD_INQUIRE_SUBSCRIPTION), IBM: "Inquire Subscription",
     * https://setgetweb.com/p/MQ92/ref.adm/q088040_.htm (IBM's page mirrored; IBM's own response page:
     * https://ibm.com/docs/en/ibm-mq/9.2?topic=formats-mqcmd-inquire-subscription-inquire-subscription-response):
     * required SubName (MQCACF_SUB_NAME, MQCFST; generic with a trailing {@code *}) unless SubId is given;
     * optional Durable (MQIACF_DURABLE_SUBSCRIPTION, MQCFIN), here MQSUB_DURABLE_YES, and SubscriptionAttrs
     * (MQIACF_SUB_ATTRS, MQCFIL), here TopicString (MQCA_TOPIC_STRING), Destination (MQCACF_DESTINATION)
     * and Userdata (MQCACF_SUB_USER_DATA). SubId and SubName are always returned.
     */
    static PCFMessage inquireDeviceSubscriptions(String namePattern) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_SUBSCRIPTION);
        request.addParameter(CMQCFC.MQCACF_SUB_NAME, namePattern);
        request.addParameter(CMQCFC.MQIACF_DURABLE_SUBSCRIPTION, CMQC.MQSUB_DURABLE_YES);
        request.addParameter(CMQCFC.MQIACF_SUB_ATTRS, new int[] {CMQC.MQCA_TOPIC_STRING, CMQCFC.MQCACF_DESTINATION,
                CMQCFC.MQCACF_SUB_USER_DATA, CMQCFC.MQCACF_SUB_SELECTOR});
        return request;
    }

    /**
     * Create Subscription (MQCMD_CREATE_SUBSCRIPTION), for a device subscription with a selector (MQTT 5 No
     * Local), which MQ classes for Java's MQSUB cannot carry. IBM: "Change, Copy, and Create Subscription",
     * https://www.ibm.com/docs/SSFKSJ_9.4.0/refadmin/q087050_.html (DEFINE SUB's attributes,
     * https://www.ibm.com/docs/en/SSFKSJ_9.2.0/com.ibm.mq.ref.adm.doc/q085760_.html): required SubName
     * (MQCACF_SUB_NAME, MQCFST) and TopicString (MQCA_TOPIC_STRING, MQCFST); optional Destination
     * (MQCACF_DESTINATION) and DestinationQueueManager (MQCACF_DESTINATION_Q_MGR), SYSTEM.MQTT.PUBLICATION.QUEUE
     * on the client's pseudo queue manager as MQ Telemetry's subscriptions have (DEST, DESTQMGR);
     * DestinationClass (MQIACF_DESTINATION_CLASS) MQDC_PROVIDED; Selector (MQCACF_SUB_SELECTOR, MQCFST);
     * Userdata (MQCACF_SUB_USER_DATA) the QoS; WildcardSchema (MQIACF_WILDCARD_SCHEMA) MQWS_TOPIC, MQTT's
     * wildcards; VariableUserID (MQIACF_VARIABLE_USER_ID) MQVU_FIXED_USER, as MQSO_FIXED_USERID. An
     * administrative subscription is always durable. With {@code subscriptionUser} (not null), SubscriptionUser
     * (MQCACF_SUB_USER_ID): the user the queue manager checks and puts publications as.
     */
    static PCFMessage createDeviceSubscription(String name, String filter, String queueManagerName, String userData,
                                               String selector, String subscriptionUser) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_CREATE_SUBSCRIPTION);
        request.addParameter(CMQCFC.MQCACF_SUB_NAME, name);
        request.addParameter(CMQC.MQCA_TOPIC_STRING, filter);
        request.addParameter(CMQCFC.MQCACF_DESTINATION, QueueManagerSubscriptions.PUBLICATION_QUEUE);
        request.addParameter(CMQCFC.MQCACF_DESTINATION_Q_MGR, queueManagerName);
        request.addParameter(CMQCFC.MQIACF_DESTINATION_CLASS, CMQC.MQDC_PROVIDED);
        request.addParameter(CMQCFC.MQCACF_SUB_SELECTOR, selector);
        request.addParameter(CMQCFC.MQCACF_SUB_USER_DATA, userData);
        request.addParameter(CMQCFC.MQIACF_WILDCARD_SCHEMA, CMQC.MQWS_TOPIC);
        request.addParameter(CMQCFC.MQIACF_VARIABLE_USER_ID, CMQC.MQVU_FIXED_USER);
        if (subscriptionUser != null) {
            request.addParameter(CMQCFC.MQCACF_SUB_USER_ID, subscriptionUser);
        }
        return request;
    }

    /**
     * Change Subscription (MQCMD_CHANGE_SUBSCRIPTION) of the user data only (same page): required SubName;
     * optional Userdata. A selector cannot be changed (ALTER SUB: "you cannot alter ... SELECTOR";
     * MQRC_SELECTOR_NOT_ALTERABLE 2524 for MQSUB), so this serves a new QoS on the same No Local subscription.
     */
    static PCFMessage changeSubscriptionUserData(String name, String userData) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_CHANGE_SUBSCRIPTION);
        request.addParameter(CMQCFC.MQCACF_SUB_NAME, name);
        request.addParameter(CMQCFC.MQCACF_SUB_USER_DATA, userData);
        return request;
    }

    /**
     * Delete Subscription (MQCMD_DELETE_SUBSCRIPTION), IBM: "Delete Subscription",
     * https://www.ibm.com/docs/SSFKSJ_9.4.0/refadmin/q087420_.html: required SubName (MQCACF_SUB_NAME, MQCFST)
     * unless SubId is given. Used where No Local changes, since a selector can only be dropped with its
     * subscription.
     */
    static PCFMessage deleteSubscription(String name) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_DELETE_SUBSCRIPTION);
        request.addParameter(CMQCFC.MQCACF_SUB_NAME, name);
        return request;
    }

    /**
     * Inquire Service (MQCMD_INQUIRE_SERVICE), IBM: "Inquire Service",
     * https://www.ibm.com/support/knowledgecenter/en/SSFKSJ_7.5.0/com.ibm.mq.ref.adm.doc/q087920_.html: required
     * ServiceName (MQCA_SERVICE_NAME, MQCFST); optional ServiceAttrs (MQIACF_SERVICE_ATTRS, MQCFIL), here
     * StartMode (MQIA_SERVICE_CONTROL, MQSVC_CONTROL_*), which "Inquire Service (Response)" returns as asked.
     */
    static PCFMessage inquireService(String serviceName) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_SERVICE);
        request.addParameter(CMQC.MQCA_SERVICE_NAME, serviceName);
        request.addParameter(CMQCFC.MQIACF_SERVICE_ATTRS, new int[] {CMQC.MQIA_SERVICE_CONTROL});
        return request;
    }

    /**
     * Inquire Service Status (MQCMD_INQUIRE_SERVICE_STATUS), IBM: "Inquire Service Status" and its response,
     * https://www.ibm.com/support/knowledgecenter/en/SSFKSJ_9.1.0/com.ibm.mq.ref.adm.doc/q087950_.html: required
     * ServiceName (MQCA_SERVICE_NAME, MQCFST); optional ServiceStatusAttrs (MQIACF_SERVICE_STATUS_ATTRS,
     * MQCFIL), here Status (MQIACF_SERVICE_STATUS, MQSVC_STATUS_*). A service that is not running answers
     * MQRCCF_SERV_STATUS_NOT_FOUND (3252).
     */
    static PCFMessage inquireServiceStatus(String serviceName) {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_SERVICE_STATUS);
        request.addParameter(CMQC.MQCA_SERVICE_NAME, serviceName);
        request.addParameter(CMQCFC.MQIACF_SERVICE_STATUS_ATTRS, new int[] {CMQCFC.MQIACF_SERVICE_STATUS});
        return request;
    }

    /**
     * Inquire Channel (MQTT) (MQCMD_INQUIRE_CHANNEL with ChannelType MQCHT_MQTT), IBM: "Inquire Channel
     * (MQTT)" in the PCF reference (the same command as for other channels,
     * https://www.ibm.com/support/knowledgecenter/en/SSFKSJ_9.1.0/com.ibm.mq.ref.adm.doc/q087430_.html, whose
     * MQTT form IBM documents beside "Change, Copy, and Create Channel (MQTT)",
     * https://www.ibm.com/docs/en/ibm-mq/9.3.x?topic=dpcf-change-copy-create-channel-mqtt-aix-linux-windows):
     * required ChannelName (MQCACH_CHANNEL_NAME, MQCFST, generic {@code *}) and, for telemetry channels,
     * ChannelType (MQIACH_CHANNEL_TYPE, MQCFIN) = MQCHT_MQTT; optional ChannelAttrs (MQIACF_CHANNEL_ATTRS,
     * MQCFIL), here Port (MQIACH_PORT). The MQXR service answers it, so it fails while that service is stopped.
     */
    static PCFMessage inquireMqttChannels() {
        PCFMessage request = new PCFMessage(CMQCFC.MQCMD_INQUIRE_CHANNEL);
        request.addParameter(CMQCFC.MQCACH_CHANNEL_NAME, "*");
        request.addParameter(CMQCFC.MQIACH_CHANNEL_TYPE, CMQXC.MQCHT_MQTT);
        request.addParameter(CMQCFC.MQIACF_CHANNEL_ATTRS, new int[] {CMQCFC.MQIACH_PORT});
        return request;
    }
}
