package org.telemetrybridge.session.port;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * What a client presented on the way to CONNACK: its CONNECT fields and, on a TLS listener, its
 * certificate chain. The password is the caller's copy: {@link #clear()} overwrites it once the
 * authentication step is done, so it does not linger in the heap.
 *
 * @param listener          the name of the listener the client connected to
 * @param clientId          the client identifier (after generation for an empty one)
 * @param userName          the CONNECT user name, or null
 * @param password          the CONNECT password bytes, or null
 * @param remoteAddress     the client's address, for logs and for slowing down guessing
 * @param certificateChain  the client's verified certificate chain, empty without TLS client auth
 */
public record Credentials(String listener, String clientId, String userName, byte[] password, String remoteAddress,
                          List<X509Certificate> certificateChain) {

    public Credentials {
        certificateChain = List.copyOf(certificateChain);
    }

    /** Overwrites the password bytes. */
    public void clear() {
        if (password != null) {
            Arrays.fill(password, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Credentials[listener=" + listener + ", clientId=" + clientId + ", userName=" + userName
                + ", password=" + (password == null ? "none" : "(hidden)") + ", remoteAddress=" + remoteAddress
                + ", certificates=" + certificateChain.size() + "]";
    }
}
