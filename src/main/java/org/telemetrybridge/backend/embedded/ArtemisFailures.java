package org.telemetrybridge.backend.embedded;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;

/** What an Artemis failure, wrapped in a JMSException by the Artemis JMS client, means to the bridge. */
final class ArtemisFailures {

    private ArtemisFailures() {
    }

    /**
     * Whether a queue refused a consumer because it has its max-consumers already: on the active/standby
     * lock queue (max-consumers=1), another bridge holds it.
     */
    static boolean maxConsumersReached(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ActiveMQException artemis
                    && artemis.getType() == ActiveMQExceptionType.MAX_CONSUMER_LIMIT_EXCEEDED) {
                return true;
            }
        }
        return false;
    }
}
