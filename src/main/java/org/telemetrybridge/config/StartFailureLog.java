package org.telemetrybridge.config;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ApplicationListener;

import org.telemetrybridge.log.BridgeLog;

/**
 * Says with a message id which start-up failures the bridge's own beans cannot report themselves: the
 * HTTP port is bound by Spring Boot. Registered in META-INF/spring.factories, since a failed start has
 * no application context left to deliver the event to its beans.
 */
public final class StartFailureLog implements ApplicationListener<ApplicationFailedEvent> {

    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
        for (Throwable cause = event.getException(); cause != null; cause = cause.getCause()) {
            if (cause instanceof PortInUseException portInUse) {
                BridgeLog.httpPortUnavailable(portInUse.getPort());
                return;
            }
            if (cause.getCause() == cause) {
                return;
            }
        }
    }
}
