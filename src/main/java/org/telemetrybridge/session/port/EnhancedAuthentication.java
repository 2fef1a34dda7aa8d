package org.telemetrybridge.session.port;

/**
 * MQTT 5 enhanced authentication: a CONNECT that names an Authentication Method, then AUTH packets
 * going back and forth until the method is satisfied. No method is offered today, so a CONNECT naming
 * one gets CONNACK 0x8C (bad authentication method); a method added later (SCRAM, Kerberos, a token
 * check) implements this hook, and the AUTH exchange steps are added beside it.
 */
@FunctionalInterface
public interface EnhancedAuthentication {

    /** Offers no method: every Authentication Method is refused. */
    EnhancedAuthentication NONE = method -> false;

    /** Whether the bridge can authenticate a client by this Authentication Method. */
    boolean offers(String method);
}
