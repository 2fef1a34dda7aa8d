package org.telemetrybridge.backend.ibmmq;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.ibm.mq.MQException;
import com.ibm.mq.MQQueueManager;
import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.MQDataException;
import com.ibm.mq.headers.pcf.PCFException;
import com.ibm.mq.headers.pcf.PCFMessage;
import com.ibm.mq.headers.pcf.PCFMessageAgent;
import org.telemetrybridge.backend.MqObjectNames;

/**
 * Inquires what the start-up checks need with PCF commands (MQ classes for Java, through the
 * queue manager's command server), as the bridge's own user: queue manager attributes, the two
 * queues, and the user's authorities (MQCMD_INQUIRE_ENTITY_AUTH, cumulative over its groups and
 * generic profiles). The requests are {@link PcfRequests}.
 */
public final class QueueManagerInquiry {

    /** The inquiry could not run: no connection, or PCF refused. The message names the MQ reason. */
    public static final class InquiryException extends Exception {
        InquiryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Pattern CONN_NAME = Pattern.compile("\\s*([^(,\\s]+)\\s*(?:\\((\\d+)\\))?\\s*");

    private QueueManagerInquiry() {
    }

    public static QueueManagerFacts inquire(IbmMqSettings settings) throws InquiryException {
        MQQueueManager queueManager = connect(settings);
        PCFMessageAgent agent = null;
        try {
            agent = new PCFMessageAgent(queueManager);
            return inquire(agent, settings);
        } catch (MQDataException e) {
            throw new InquiryException("PCF commands were refused (" + MqReason.describe(e.getReason())
                    + "); the user needs DSP on the objects and access to SYSTEM.ADMIN.COMMAND.QUEUE,"
                    + " or run 'doctor' as an administrator", e);
        } catch (IOException e) {
            throw new InquiryException("PCF failed: " + e.getMessage(), e);
        } finally {
            if (agent != null) {
                try {
                    agent.disconnect();
                } catch (MQDataException ignored) {
                    // Disconnecting anyway.
                }
            }
            disconnect(queueManager);
        }
    }

    private static QueueManagerFacts inquire(PCFMessageAgent agent, IbmMqSettings settings)
            throws MQDataException, IOException {
        PCFMessage qmgr = agent.send(PcfRequests.inquireQueueManager())[0];

        Integer type = null;
        Integer usage = null;
        PCFMessage queue = inquireQueue(agent, MqObjectNames.TRANSMIT_QUEUE, CMQC.MQIA_Q_TYPE, CMQC.MQIA_USAGE,
                CMQC.MQIA_MAX_MSG_LENGTH);
        if (queue != null) {
            type = queue.getIntParameterValue(CMQC.MQIA_Q_TYPE);
            if (type == CMQC.MQQT_LOCAL) {
                usage = queue.getIntParameterValue(CMQC.MQIA_USAGE);
            }
        }
        boolean stateQueue = inquireQueue(agent, MqObjectNames.SESSION_STATE_QUEUE) != null;

        String user = IbmMqSettings.blank(settings.user()) ? null : settings.user();
        Set<Integer> queueAuthorities = null;
        Set<Integer> topicAuthorities = null;
        if (user != null) {
            queueAuthorities = authorities(agent, user, MqObjectNames.TRANSMIT_QUEUE, CMQC.MQOT_Q);
            topicAuthorities = authorities(agent, user, MqObjectNames.BASE_TOPIC, CMQC.MQOT_TOPIC);
        }
        String deadLetterQueue = qmgr.getStringParameterValue(CMQC.MQCA_DEAD_LETTER_Q_NAME).trim();
        return new QueueManagerFacts(qmgr.getStringParameterValue(CMQC.MQCA_Q_MGR_NAME).trim(), type, usage,
                qmgr.getStringParameterValue(CMQC.MQCA_DEF_XMIT_Q_NAME).trim(), deadLetterQueue,
                qmgr.getIntParameterValue(CMQC.MQIA_MAX_UNCOMMITTED_MSGS), stateQueue, user, queueAuthorities,
                topicAuthorities, limits(agent, settings, qmgr, deadLetterQueue, user), mqTelemetry(agent),
                activeLock(agent, user), bridgeQueues(agent, queue, deadLetterQueue, user));
    }

    /**
     * TBRIDGE.HELD.QUEUE, the user's authorities there and on the state queue, the queues' MAXMSGL.
     *
     * @param transmit the answer about the transmission queue already asked for, or null if it does not exist
     */
    private static BridgeQueueFacts bridgeQueues(PCFMessageAgent agent, PCFMessage transmit, String deadLetterQueue,
                                                 String user) throws MQDataException, IOException {
        boolean held = inquireQueue(agent, MqObjectNames.HELD_QUEUE) != null;
        PCFMessage dead = deadLetterQueue.isEmpty() ? null
                : inquireQueue(agent, deadLetterQueue, CMQC.MQIA_Q_TYPE, CMQC.MQIA_MAX_MSG_LENGTH);
        return new BridgeQueueFacts(held,
                user == null ? null : authorities(agent, user, MqObjectNames.SESSION_STATE_QUEUE, CMQC.MQOT_Q),
                user == null || !held ? null : authorities(agent, user, MqObjectNames.HELD_QUEUE, CMQC.MQOT_Q),
                maxMessageLength(transmit), maxMessageLength(dead));
    }

    /** MAXMSGL of a local queue's answer; null for none, or for another type of queue (an alias has none). */
    private static Integer maxMessageLength(PCFMessage queue) {
        return queue == null ? null : (Integer) queue.getParameterValue(CMQC.MQIA_MAX_MSG_LENGTH);
    }

    /** TBRIDGE.ACTIVE's NOSHARE, DEFSOPT and the user's authority there; "not there" if it does not exist. */
    private static ActiveLockFacts activeLock(PCFMessageAgent agent, String user) throws MQDataException, IOException {
        PCFMessage lock = inquireQueue(agent, MqObjectNames.ACTIVE_LOCK_QUEUE, CMQC.MQIA_SHAREABILITY,
                CMQC.MQIA_DEF_INPUT_OPEN_OPTION);
        if (lock == null) {
            return ActiveLockFacts.NOT_INQUIRED;
        }
        return new ActiveLockFacts(true, (Integer) lock.getParameterValue(CMQC.MQIA_SHAREABILITY),
                (Integer) lock.getParameterValue(CMQC.MQIA_DEF_INPUT_OPEN_OPTION),
                user == null ? null : authorities(agent, user, MqObjectNames.ACTIVE_LOCK_QUEUE, CMQC.MQOT_Q));
    }

    /**
     * The MQ Telemetry service's start mode and status and, while it runs, its channels. None of it may be
     * there (the usual case once migrated): no such service (MQRC_UNKNOWN_OBJECT_NAME), no status (a stopped
     * service: MQRCCF_SERV_STATUS_NOT_FOUND) and no channels are "none". Any other refusal (2035, say) leaves
     * the check not made, never passed.
     */
    static MqTelemetryFacts mqTelemetry(PCFMessageAgent agent) throws MQDataException, IOException {
        PCFMessage service;
        try {
            service = agent.send(PcfRequests.inquireService(MqTelemetryFacts.SERVICE))[0];
        } catch (PCFException e) {
            return e.getReason() == CMQC.MQRC_UNKNOWN_OBJECT_NAME ? mqTelemetry(null, null, List.of())
                    : MqTelemetryFacts.NOT_INQUIRED;
        }
        PCFMessage status;
        try {
            status = agent.send(PcfRequests.inquireServiceStatus(MqTelemetryFacts.SERVICE))[0];
        } catch (PCFException e) {
            if (e.getReason() != CMQCFC.MQRCCF_SERV_STATUS_NOT_FOUND) {
                return MqTelemetryFacts.NOT_INQUIRED;
            }
            status = null;
        }
        List<PCFMessage> channels = List.of();
        // Only the running MQXR service answers Inquire Channel (MQTT) (IBM: "the telemetry (MQXR) service
        // must be running when you issue this command"); asked while it is stopped, the command would wait
        // for an answer that never comes. Stopped, its channels serve no device anyway.
        if (status != null && !Integer.valueOf(CMQC.MQSVC_STATUS_STOPPED)
                .equals(status.getParameterValue(CMQCFC.MQIACF_SERVICE_STATUS))) {
            try {
                channels = List.of(agent.send(PcfRequests.inquireMqttChannels()));
            } catch (PCFException e) {
                // No telemetry channels.
            }
        }
        return mqTelemetry(service, status, channels);
    }

    /**
     * The facts from the answers to Inquire Service (null: no such service), Inquire Service Status (null:
     * none) and Inquire Channel (MQTT).
     */
    static MqTelemetryFacts mqTelemetry(PCFMessage service, PCFMessage serviceStatus, List<PCFMessage> mqttChannels) {
        Integer startMode = service == null ? null : (Integer) service.getParameterValue(CMQC.MQIA_SERVICE_CONTROL);
        Integer status = serviceStatus == null ? null
                : (Integer) serviceStatus.getParameterValue(CMQCFC.MQIACF_SERVICE_STATUS);
        List<String> channels = new java.util.ArrayList<>();
        for (PCFMessage channel : mqttChannels) {
            Object name = channel.getParameterValue(CMQCFC.MQCACH_CHANNEL_NAME);
            Object port = channel.getParameterValue(CMQCFC.MQIACH_PORT);
            if (name != null) {
                channels.add(name.toString().trim() + (port == null ? "" : " port " + port));
            }
        }
        return new MqTelemetryFacts(status, startMode, channels);
    }

    /** MAXHANDS, PSMODE, MAXMSGL, the DEADQ and the user's authority there, the channel, CONNAUTH's ADOPTCTX. */
    private static QueueManagerLimits limits(PCFMessageAgent agent, IbmMqSettings settings, PCFMessage qmgr,
                                             String deadLetterQueue, String user) throws MQDataException, IOException {
        Integer deadType = null;
        Integer deadPut = null;
        Set<Integer> deadAuthorities = null;
        Set<Integer> qmgrAuthorities = null;
        if (!deadLetterQueue.isEmpty()) {
            PCFMessage dead = inquireQueue(agent, deadLetterQueue, CMQC.MQIA_Q_TYPE, CMQC.MQIA_INHIBIT_PUT);
            if (dead != null) {
                deadType = dead.getIntParameterValue(CMQC.MQIA_Q_TYPE);
                deadPut = (Integer) dead.getParameterValue(CMQC.MQIA_INHIBIT_PUT);
            }
            if (user != null) {
                deadAuthorities = authorities(agent, user, deadLetterQueue, CMQC.MQOT_Q);
            }
        }
        if (user != null) {
            qmgrAuthorities = authorities(agent, user, null, CMQC.MQOT_Q_MGR);
        }
        Integer sharing = null;
        Integer instances = null;
        Integer perClient = null;
        if (!IbmMqSettings.blank(settings.channel()) && IbmMqSettings.blank(settings.ccdtUrl())) {
            PCFMessage channel = inquireOrNull(agent, PcfRequests.inquireServerConnectionChannel(settings.channel()));
            if (channel != null) {
                sharing = (Integer) channel.getParameterValue(CMQCFC.MQIACH_SHARING_CONVERSATIONS);
                instances = (Integer) channel.getParameterValue(CMQCFC.MQIACH_MAX_INSTANCES);
                perClient = (Integer) channel.getParameterValue(CMQCFC.MQIACH_MAX_INSTS_PER_CLIENT);
            }
        }
        String connAuth = ((String) qmgr.getParameterValue(CMQC.MQCA_CONN_AUTH));
        connAuth = connAuth == null ? "" : connAuth.trim();
        Integer adopt = null;
        if (!connAuth.isEmpty()) {
            PCFMessage authInfo = inquireOrNull(agent, PcfRequests.inquireAuthenticationInformation(connAuth));
            adopt = authInfo == null ? null : (Integer) authInfo.getParameterValue(CMQC.MQIA_ADOPT_CONTEXT);
        }
        return new QueueManagerLimits((Integer) qmgr.getParameterValue(CMQC.MQIA_MAX_HANDLES),
                (Integer) qmgr.getParameterValue(CMQC.MQIA_PUBSUB_MODE),
                (Integer) qmgr.getParameterValue(CMQC.MQIA_MAX_MSG_LENGTH), deadType, deadPut, deadAuthorities,
                qmgrAuthorities, settings.channel(), sharing, instances, perClient, connAuth, adopt);
    }

    /** The first response, or null if the object does not exist or the command is refused. */
    private static PCFMessage inquireOrNull(PCFMessageAgent agent, PCFMessage request)
            throws MQDataException, IOException {
        try {
            return agent.send(request)[0];
        } catch (PCFException e) {
            return null; // Not there, or not ours to see: that check is not made.
        }
    }

    /** The queue's type and usage, or null if it does not exist. */
    private static PCFMessage inquireQueue(PCFMessageAgent agent, String name) throws MQDataException, IOException {
        return inquireQueue(agent, name, CMQC.MQIA_Q_TYPE, CMQC.MQIA_USAGE);
    }

    /** The queue's attributes asked for, or null if it does not exist. */
    private static PCFMessage inquireQueue(PCFMessageAgent agent, String name, int... attributes)
            throws MQDataException, IOException {
        try {
            return agent.send(PcfRequests.inquireQueue(name, attributes))[0];
        } catch (PCFException e) {
            if (e.getReason() == CMQC.MQRC_UNKNOWN_OBJECT_NAME) {
                return null;
            }
            throw e;
        }
    }

    private static Set<Integer> authorities(PCFMessageAgent agent, String user, String profile, int objectType)
            throws MQDataException, IOException {
        PCFMessage request = PcfRequests.inquireEntityAuthority(user, profile, objectType);
        Set<Integer> held = new HashSet<>();
        try {
            for (PCFMessage response : agent.send(request)) {
                for (int authority : response.getIntListParameterValue(CMQCFC.MQIACF_AUTHORIZATION_LIST)) {
                    held.add(authority);
                }
            }
        } catch (PCFException e) {
            if (e.getReason() != CMQCFC.MQRCCF_PROFILE_NAME_ERROR && e.getReason() != CMQC.MQRC_UNKNOWN_ENTITY
                    && e.getReason() != CMQC.MQRC_UNKNOWN_OBJECT_NAME) {
                throw e;
            }
            // No matching profile or unknown user: no authority at all.
        }
        return held;
    }

    /** Connects with MQ classes for Java as the bridge does with JMS: each conn-name entry in turn, or the CCDT. */
    static MQQueueManager connect(IbmMqSettings settings) throws InquiryException {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(CMQC.TRANSPORT_PROPERTY, CMQC.TRANSPORT_MQSERIES_CLIENT);
        properties.put(CMQC.APPNAME_PROPERTY, settings.applicationName());
        if (!IbmMqSettings.blank(settings.user())) {
            properties.put(CMQC.USER_ID_PROPERTY, settings.user());
            properties.put(CMQC.PASSWORD_PROPERTY, settings.password() == null ? "" : settings.password());
            properties.put(CMQC.USE_MQCSP_AUTHENTICATION_PROPERTY, true);
        }
        if (!IbmMqSettings.blank(settings.sslCipherSuite())) {
            properties.put(CMQC.SSL_CIPHER_SUITE_PROPERTY, settings.sslCipherSuite());
            if (!IbmMqSettings.blank(settings.sslPeerName())) {
                properties.put(CMQC.SSL_PEER_NAME_PROPERTY, settings.sslPeerName());
            }
            try {
                javax.net.ssl.SSLSocketFactory sockets = IbmMqDialect.tlsSockets(settings);
                if (sockets != null) {
                    properties.put(CMQC.SSL_SOCKET_FACTORY_PROPERTY, sockets);
                }
            } catch (java.security.GeneralSecurityException | IOException | IllegalStateException e) {
                throw new InquiryException("the TLS key or trust store cannot be read: " + e.getMessage(), e);
            }
        }
        try {
            if (!IbmMqSettings.blank(settings.ccdtUrl())) {
                return new MQQueueManager(settings.queueManager(), properties, URI.create(settings.ccdtUrl()).toURL());
            }
        } catch (MQException | java.net.MalformedURLException e) {
            throw new InquiryException("cannot connect to " + settings.describe() + ": " + MqReason.describe(e), e);
        }
        properties.put(CMQC.CHANNEL_PROPERTY, settings.channel());
        MQException last = null;
        for (String entry : List.of(settings.connName().split(","))) {
            Matcher address = CONN_NAME.matcher(entry);
            if (!address.matches()) {
                throw new InquiryException("ibm.mq.conn-name entry '" + entry + "' is not host(port)", null);
            }
            properties.put(CMQC.HOST_NAME_PROPERTY, address.group(1));
            properties.put(CMQC.PORT_PROPERTY, address.group(2) == null ? 1414 : Integer.parseInt(address.group(2)));
            try {
                return new MQQueueManager(settings.queueManager(), properties);
            } catch (MQException e) {
                last = e;
            }
        }
        throw new InquiryException("cannot connect to " + settings.describe() + ": " + MqReason.describe(last), last);
    }

    private static void disconnect(MQQueueManager queueManager) {
        try {
            queueManager.disconnect();
        } catch (MQException ignored) {
            // Disconnecting anyway.
        }
    }
}
