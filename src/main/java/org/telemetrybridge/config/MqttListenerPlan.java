package org.telemetrybridge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.mqtt.ClientPolicy;
import org.telemetrybridge.mqtt.ListenerSettings;
import org.telemetrybridge.mqtt.MqttServer;
import org.telemetrybridge.mqtt.TlsTransport;
import org.telemetrybridge.mqtt.Transport;
import org.telemetrybridge.mqtt.WebSocketTransport;
import org.telemetrybridge.security.ListenerSecurity;
import org.telemetrybridge.security.SecurityPolicies;
import org.telemetrybridge.session.ClientIdRule;
import org.telemetrybridge.session.port.Authenticator;
import org.telemetrybridge.session.port.Authorizer;
import org.telemetrybridge.topic.TopicLimits;

/**
 * Turns the listener settings into the listeners of the MQTT server: the default listener from
 * {@code bridge.mqtt.*} (overridden by {@code bridge.listeners.default.*}), then every other named
 * listener; each with its transport and its authentication step.
 */
final class MqttListenerPlan {

    private final MqttProperties mqtt;
    private final SslBundles sslBundles;
    private final SecurityPolicies security;
    private final ClientIdRule clientIdRule;
    private final TopicLimits topicLimits;
    /** Set by a test or an extension as a bean: used on every listener instead of the security settings. */
    private final Authenticator authenticatorOverride;
    private final Authorizer authorizerOverride;

    MqttListenerPlan(MqttProperties mqtt, SslBundles sslBundles, SecurityPolicies security, ClientIdRule clientIdRule,
                     TopicLimits topicLimits, Authenticator authenticatorOverride, Authorizer authorizerOverride) {
        this.mqtt = mqtt;
        this.sslBundles = sslBundles;
        this.security = security;
        this.clientIdRule = clientIdRule;
        this.topicLimits = topicLimits;
        this.authenticatorOverride = authenticatorOverride;
        this.authorizerOverride = authorizerOverride;
    }

    List<ListenerSettings> listeners(Map<String, ListenerProperties> configured) {
        Map<String, ListenerProperties> all = new LinkedHashMap<>();
        all.put(MqttServer.DEFAULT_LISTENER, configured.getOrDefault(MqttServer.DEFAULT_LISTENER, ListenerProperties.unset()));
        all.putAll(configured);
        List<ListenerSettings> listeners = new ArrayList<>();
        all.forEach((name, listener) -> {
            if (listener.enabled()) {
                listeners.add(settings(name, listener));
            }
        });
        if (listeners.isEmpty()) {
            throw new IllegalStateException("Every MQTT listener is disabled (bridge.listeners.<name>.enabled):"
                    + " enable at least one");
        }
        return listeners;
    }

    private ListenerSettings settings(String name, ListenerProperties listener) {
        boolean isDefault = MqttServer.DEFAULT_LISTENER.equals(name);
        Integer port = listener.port() != null ? listener.port() : isDefault ? Integer.valueOf(mqtt.port()) : null;
        if (port == null) {
            throw new IllegalStateException("The MQTT listener '" + name + "' has no port: set bridge.listeners."
                    + name + ".port");
        }
        String host = listener.host() != null ? listener.host() : isDefault ? mqtt.host() : "";
        boolean anonymous = listener.allowAnonymous() != null ? listener.allowAnonymous()
                : isDefault && !security.usersConfigured();
        ListenerSecurity listenerSecurity = new ListenerSecurity(name, anonymous, listener.useIdentityAsUsername(),
                listener.certificateIdentity());
        Authenticator authenticator = authenticatorOverride != null ? authenticatorOverride
                : security.authenticatorFor(listenerSecurity);
        Authorizer authorizer = authorizerOverride != null ? authorizerOverride : security.authorizer();
        if (!anonymous && !security.usersConfigured() && !listener.useIdentityAsUsername() && authenticatorOverride == null) {
            BridgeLog.listenerAdmitsNoOne(name);
        }
        return new ListenerSettings(name, host, port,
                listener.backlog() != null ? listener.backlog() : mqtt.backlog(),
                listener.maxConnections() != null ? listener.maxConnections() : mqtt.connectionLimit(),
                transport(name, listener), new ClientPolicy(clientIdRule, topicLimits, authenticator, authorizer),
                anonymous);
    }

    private Transport transport(String name, ListenerProperties listener) {
        return switch (listener.transport()) {
            case TCP -> Transport.TCP;
            case TLS -> tls(name, listener);
            case WS, WSS -> webSocket(name, listener);
        };
    }

    /** MQTT over WebSockets; wss runs it over the listener's TLS transport. */
    private WebSocketTransport webSocket(String name, ListenerProperties listener) {
        String path = listener.wsPath();
        if (path == null || !path.startsWith("/")) {
            throw new IllegalStateException("The MQTT listener '" + name + "' has ws-path '" + path + "': set"
                    + " bridge.listeners." + name + ".ws-path to an HTTP path starting with '/', such as /mqtt");
        }
        int maxPacketSize = (int) Math.min(Integer.MAX_VALUE, mqtt.maxPacketSize().toBytes());
        return new WebSocketTransport(name, path, maxPacketSize,
                listener.transport() == ListenerProperties.TransportType.WSS ? tls(name, listener) : null);
    }

    /** A TLS transport whose context follows the bundle: a renewed certificate needs no restart. */
    private TlsTransport tls(String name, ListenerProperties listener) {
        String bundleName = listener.sslBundle();
        if (bundleName == null || bundleName.isBlank()) {
            throw new IllegalStateException("The MQTT listener '" + name + "' uses TLS but names no SSL bundle: set"
                    + " bridge.listeners." + name + ".ssl-bundle to a spring.ssl.bundle.* name");
        }
        try {
            TlsTransport transport = new TlsTransport(TlsContexts.serverContext(sslBundles.getBundle(bundleName),
                    listener.clientCertificate()));
            sslBundles.addBundleUpdateHandler(bundleName, bundle -> {
                try {
                    transport.replaceContext(TlsContexts.serverContext(bundle, listener.clientCertificate()));
                    BridgeLog.tlsBundleReloaded(name, bundleName);
                } catch (RuntimeException e) {
                    BridgeLog.tlsBundleReloadFailed(name, bundleName, e);
                }
            });
            return transport;
        } catch (NoSuchSslBundleException e) {
            throw new IllegalStateException("The MQTT listener '" + name + "' names the SSL bundle '" + bundleName
                    + "', which is not configured (spring.ssl.bundle.pem." + bundleName + " or spring.ssl.bundle.jks."
                    + bundleName + ")", e);
        }
    }
}
