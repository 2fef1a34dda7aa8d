package org.telemetrybridge.mqtt;

import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.Authorizer;
import org.telemetrybridge.topic.TopicLimits;

/**
 * What every client of a listener is checked against on the way in: its client identifier, the
 * topic limits, who it is (authentication, on the way to CONNACK) and what it may publish and
 * subscribe to (authorization, on each PUBLISH and SUBSCRIBE).
 */
public record ClientPolicy(ClientIdRule clientIdRule, TopicLimits topicLimits, Authenticator authenticator,
                           Authorizer authorizer) {

    /** Anyone may connect and use every topic: the quick-start default of an unsecured listener. */
    public static ClientPolicy open(ClientIdRule clientIdRule, TopicLimits topicLimits) {
        return new ClientPolicy(clientIdRule, topicLimits, Authenticator.ALLOW_ALL, Authorizer.ALLOW_ALL);
    }
}
