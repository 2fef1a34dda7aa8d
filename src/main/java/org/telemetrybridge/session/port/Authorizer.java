package org.telemetrybridge.session.port;

/**
 * The authorization check on PUBLISH and SUBSCRIBE, asked on the network thread for every packet:
 * implementations answer from memory (a loaded ACL), never by blocking.
 */
public interface Authorizer {

    /** Every client may publish and subscribe to every topic: the default until ACLs are configured. */
    Authorizer ALLOW_ALL = new Authorizer() {
        @Override
        public boolean mayPublish(ClientIdentity client, String topic) {
            return true;
        }

        @Override
        public boolean maySubscribe(ClientIdentity client, String filter) {
            return true;
        }
    };

    /** Whether the client may publish to the topic (also asked for its will when it connects). */
    boolean mayPublish(ClientIdentity client, String topic);

    /** Whether the client may subscribe with the filter. */
    boolean maySubscribe(ClientIdentity client, String filter);
}
