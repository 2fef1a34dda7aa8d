package org.telemetrybridge.backend.embedded;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerAddressPlugin;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerQueuePlugin;

/**
 * Refuses, inside the broker, addresses deeper or longer than it loads safely, from whoever asks:
 * the bridge checks MQTT topics before they get here, but a JMS application on the TCP acceptor could
 * still subscribe to a topic of ten thousand levels, and the broker would store it and then overflow
 * its stack on the next start. Refused before the broker stores anything.
 */
final class AddressDepthGuard implements ActiveMQServerAddressPlugin, ActiveMQServerQueuePlugin {

    @Override
    public void beforeAddAddress(AddressInfo addressInfo, boolean reload) throws ActiveMQException {
        check(addressInfo.getName().toString());
    }

    @Override
    public void beforeCreateQueue(QueueConfiguration queueConfiguration) throws ActiveMQException {
        if (queueConfiguration.getAddress() != null) {
            check(queueConfiguration.getAddress().toString());
        }
    }

    private static void check(String address) throws ActiveMQException {
        String beyond = BindingsSetAside.LOADABLE.violation(address);
        if (beyond != null) {
            throw new ActiveMQException(ActiveMQExceptionType.ILLEGAL_STATE,
                    "The embedded broker refuses this address: " + beyond);
        }
    }
}
