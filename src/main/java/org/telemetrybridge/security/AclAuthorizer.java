package org.telemetrybridge.security;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

import org.telemetrybridge.session.port.Authorizer;
import org.telemetrybridge.session.port.ClientIdentity;

/**
 * The ACL file ({@code bridge.security.acl-file}) as the authorization check. Asked on the network
 * thread for every PUBLISH and SUBSCRIBE, it answers from memory: each client's rules are put together
 * once (its user's, its client-id sections', its patterns filled in) and kept until the file changes,
 * so a check is a scan of that client's few filters.
 */
final class AclAuthorizer implements Authorizer {

    /** Clients whose rules are kept at once; past it the cache starts again (each entry is rebuilt cheaply). */
    static final int MAX_CACHED_CLIENTS = 100_000;

    /** A loaded file and the rules made from it, replaced together on a reload. */
    private record Loaded(AclFile file, ConcurrentHashMap<ClientIdentity, ClientAcl> clients) {
    }

    private final WatchedFile<AclFile> file;
    private volatile Loaded loaded;

    AclAuthorizer(Path path) throws SecurityFileException {
        file = new WatchedFile<>(path, "bridge.security.acl-file", AclFile::read, AclFile::summary);
        loaded = new Loaded(file.current(), new ConcurrentHashMap<>());
    }

    WatchedFile<AclFile> file() {
        return file;
    }

    @Override
    public boolean mayPublish(ClientIdentity client, String topic) {
        return rulesOf(client).mayPublish(topic);
    }

    @Override
    public boolean maySubscribe(ClientIdentity client, String filter) {
        return rulesOf(client).maySubscribe(filter);
    }

    private ClientAcl rulesOf(ClientIdentity client) {
        Loaded current = loaded;
        AclFile now = file.current();
        if (current.file() != now) {
            current = new Loaded(now, new ConcurrentHashMap<>());
            loaded = current;
        }
        ClientAcl rules = current.clients().get(client);
        if (rules == null) {
            if (current.clients().size() >= MAX_CACHED_CLIENTS) {
                current.clients().clear();
            }
            rules = now.forClient(client.clientId(), client.user());
            current.clients().put(client, rules);
        }
        return rules;
    }
}
