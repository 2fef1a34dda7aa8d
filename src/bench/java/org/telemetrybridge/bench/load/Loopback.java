package org.telemetrybridge.bench.load;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The load generator only ever talks to this machine: any host outside 127.0.0.0/8 is refused. */
public final class Loopback {

    private Loopback() {
    }

    public static InetAddress require(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown host " + host, e);
        }
        if (!(address instanceof Inet4Address) || (address.getAddress()[0] & 0xff) != 127) {
            throw new IllegalArgumentException("Refusing " + host + " (" + address.getHostAddress()
                    + "): the load generator only targets 127.0.0.0/8");
        }
        return address;
    }

    /**
     * The n-th client source address: 127.0.0.2 ... 127.0.0.251, 127.0.1.2, ... (all of 127/8 is
     * local on Linux).
     */
    public static InetAddress sourceAddress(int n) {
        if (n < 0 || n >= 250 * 250) {
            throw new IllegalArgumentException("No loopback source address number " + n);
        }
        return require("127.0." + (n / 250) + "." + (2 + n % 250));
    }
}
