package org.telemetrybridge.backend.ibmmq;

import java.util.Map;

import com.ibm.mq.MQException;
import com.ibm.mq.constants.MQConstants;
import com.ibm.mq.jmqi.JmqiException;

/**
 * The MQ reason code behind a failure, with its name and what it usually means, so one log line
 * tells an administrator what to fix (no stack trace needed).
 */
public final class MqReason {

    /** No reason code was found in the failure. */
    public static final int NONE = 0;

    private static final Map<Integer, String> HINTS = Map.ofEntries(
            Map.entry(2009, "the connection broke: the queue manager ended, or a network device cut it"),
            Map.entry(2035, "not authorized: check ibm.mq.user/password, the channel's CHLAUTH rules and MCAUSER,"
                    + " and the user's CONNECT authority (SET AUTHREC OBJTYPE(QMGR) AUTHADD(CONNECT,INQ))"),
            Map.entry(2058, "no queue manager of that name at this address: check ibm.mq.queue-manager"),
            Map.entry(2059, "the queue manager is not available: it is not running, or ibm.mq.queue-manager is"
                    + " wrong, or its listener is not started"),
            Map.entry(2063, "security error: the queue manager refused the credentials"),
            Map.entry(2161, "the queue manager is quiescing (endmqm)"),
            Map.entry(2162, "the queue manager is shutting down"),
            Map.entry(2195, "unexpected error: see the queue manager's error log (AMQERR01.LOG)"),
            Map.entry(2393, "TLS initialization failed: check the key store, trust store and their passwords"),
            Map.entry(2397, "TLS: no cipher suite matched; check ibm.mq.ssl-cipher-suite against the channel's"
                    + " SSLCIPH (with a non-IBM Java, IBM cipher mappings are off: use the JSSE name)"),
            Map.entry(2400, "TLS: the cipher suite is not supported by this Java"),
            Map.entry(2537, "the channel is not available: it is stopped, or MAXINST/MAXINSTC is reached"),
            Map.entry(2538, "the host is not reachable or no listener runs on that port: check ibm.mq.conn-name"
                    + " and that the queue manager's listener is started"),
            Map.entry(2539, "the channel is not a server-connection channel: check ibm.mq.channel"),
            Map.entry(2540, "no such channel on the queue manager: check ibm.mq.channel (names are case-sensitive)"));

    private MqReason() {
    }

    /** The first MQ reason code in the failure's cause chain, or {@link #NONE}. */
    public static int of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof MQException mq) {
                return mq.getReason();
            }
            if (cause instanceof JmqiException jmqi) {
                return jmqi.getReason();
            }
            if (cause instanceof jakarta.jms.JMSException jms && jms.getLinkedException() instanceof MQException mq) {
                return mq.getReason();
            }
        }
        return NONE;
    }

    /** "2538 MQRC_HOST_NOT_AVAILABLE: the host is not reachable...", or the failure's text without a code. */
    public static String describe(Throwable failure) {
        int reason = of(failure);
        if (reason == NONE) {
            return failure.getMessage() == null ? failure.toString() : failure.getMessage();
        }
        return describe(reason);
    }

    public static String describe(int reason) {
        String name = MQConstants.lookupReasonCode(reason);
        String hint = HINTS.get(reason);
        return reason + " " + (name == null ? "" : name) + (hint == null || hint.isEmpty() ? "" : ": " + hint);
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof jakarta.jms.JMSException jms && jms.getLinkedException() != null
                && jms.getLinkedException() != cause.getCause()) {
            return jms.getLinkedException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
