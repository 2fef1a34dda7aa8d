package org.telemetrybridge.backend.ibmmq;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import javax.net.ssl.SSLSocketFactory;

/**
 * How the bridge reaches its IBM MQ queue manager, with the names IBM MQ administrators use (the
 * {@code ibm.mq.*} settings map onto these one to one).
 *
 * @param queueManager      queue manager name
 * @param connName          connection name list, {@code host(port)[,host(port)...]}
 * @param channel           server-connection channel
 * @param user              user id for connection authentication (MQCSP); blank for none
 * @param password          its password
 * @param ccdtUrl           client channel definition table URL; when set it replaces conn-name and channel
 * @param sslCipherSuite    TLS cipher suite (JSSE name); blank for a plain connection
 * @param sslPeerName       distinguished-name pattern the queue manager's certificate must match
 * @param keyStore          key store with the bridge's certificate (JKS or PKCS12), or null
 * @param keyStorePassword  its password
 * @param trustStore        trust store with the queue manager's CA, or null for the JVM's
 * @param trustStorePassword its password
 * @param applicationName   the name MQ shows for the bridge's connections (APPLTAG), at most 28 characters
 * @param maxUnacknowledged messages one durable subscription may hold consumed but not acknowledged:
 *                          must stay below the queue manager's MAXUMSGS
 * @param retainedWait      how long a new subscription waits for the retained publications MQ sends it
 * @param tlsSockets        where TLS sockets come from (a Spring Boot SSL bundle), asked at each connection so
 *                          a renewed certificate is used from the next one; null to use the key and trust
 *                          stores above, or the JVM's defaults
 * @param publicationForm   the form in which device publications are put ({@link PublicationForm})
 * @param deviceIdentity    whom a device acts as towards MQ ({@link DeviceIdentity})
 */
public record IbmMqSettings(String queueManager, String connName, String channel, String user, String password,
                            String ccdtUrl, String sslCipherSuite, String sslPeerName, Path keyStore,
                            String keyStorePassword, Path trustStore, String trustStorePassword,
                            String applicationName, int maxUnacknowledged, Duration retainedWait,
                            Supplier<SSLSocketFactory> tlsSockets, PublicationForm publicationForm,
                            DeviceIdentity deviceIdentity) {

    /** Every device acting as the bridge's user ({@link DeviceIdentity#BRIDGE}). */
    public IbmMqSettings(String queueManager, String connName, String channel, String user, String password,
                         String ccdtUrl, String sslCipherSuite, String sslPeerName, Path keyStore,
                         String keyStorePassword, Path trustStore, String trustStorePassword,
                         String applicationName, int maxUnacknowledged, Duration retainedWait,
                         Supplier<SSLSocketFactory> tlsSockets, PublicationForm publicationForm) {
        this(queueManager, connName, channel, user, password, ccdtUrl, sslCipherSuite, sslPeerName, keyStore,
                keyStorePassword, trustStore, trustStorePassword, applicationName, maxUnacknowledged, retainedWait,
                tlsSockets, publicationForm, DeviceIdentity.BRIDGE);
    }

    /** Without an SSL bundle, publications in the JMS form. */
    public IbmMqSettings(String queueManager, String connName, String channel, String user, String password,
                         String ccdtUrl, String sslCipherSuite, String sslPeerName, Path keyStore,
                         String keyStorePassword, Path trustStore, String trustStorePassword,
                         String applicationName, int maxUnacknowledged, Duration retainedWait) {
        this(queueManager, connName, channel, user, password, ccdtUrl, sslCipherSuite, sslPeerName, keyStore,
                keyStorePassword, trustStore, trustStorePassword, applicationName, maxUnacknowledged, retainedWait,
                null, PublicationForm.JMS);
    }

    /** Where the bridge connects, for logs: the queue manager, its address(es) and channel, or the CCDT. */
    public String describe() {
        String address = blank(ccdtUrl) ? connName + " channel " + channel : "CCDT " + ccdtUrl;
        return "IBM MQ queue manager " + queueManager + " at " + address;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
