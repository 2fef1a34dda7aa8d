package org.telemetrybridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The quick start's decision for one HTTP request without credentials: guest, or anonymous. */
class LoopbackGuestTest {

    @Test
    void loopbackToLoopbackIsTheGuest() {
        assertThat(LoopbackGuest.admits("127.0.0.1", "127.0.0.1", false)).isTrue();
        assertThat(LoopbackGuest.admits("127.0.0.2", "127.0.0.1", false)).as("all of 127.0.0.0/8").isTrue();
        assertThat(LoopbackGuest.admits("0:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1", false)).as("IPv6 as Tomcat writes it")
                .isTrue();
        assertThat(LoopbackGuest.admits("[::1]", "::1", false)).isTrue();
    }

    @Test
    void anyOtherAddressIsAnonymous() {
        assertThat(LoopbackGuest.admits("192.0.2.10", "192.0.2.1", false)).isFalse();
        assertThat(LoopbackGuest.admits("10.1.2.3", "127.0.0.1", false)).isFalse();
        assertThat(LoopbackGuest.admits("2001:db8::1", "::1", false)).isFalse();
        assertThat(LoopbackGuest.admits("128.0.0.1", "127.0.0.1", false)).isFalse();
    }

    @Test
    void aLoopbackAddressRewrittenFromAProxyHeaderIsNotTrusted() {
        // A forwarded-headers strategy may have put 127.0.0.1 from X-Forwarded-For into the remote
        // address; the connection itself then reached a non-loopback address of this host.
        assertThat(LoopbackGuest.admits("127.0.0.1", "10.0.0.5", false)).isFalse();
        assertThat(LoopbackGuest.admits("127.0.0.1", "127.0.0.1", true)).as("relayed by a local proxy").isFalse();
    }

    @Test
    void namesAndGarbageAreNotAddresses() {
        assertThat(LoopbackGuest.admits("localhost", "127.0.0.1", false)).isFalse();
        assertThat(LoopbackGuest.admits(null, "127.0.0.1", false)).isFalse();
        assertThat(LoopbackGuest.admits("", "127.0.0.1", false)).isFalse();
        assertThat(LoopbackGuest.admits("127.0.0.1", "not an address", false)).isFalse();
    }

    @Test
    void onlyALoopbackHostNameIsTheGuestsNotARebindingSitesName() {
        assertThat(LoopbackGuest.loopbackName("localhost")).isTrue();
        assertThat(LoopbackGuest.loopbackName("127.0.0.1")).isTrue();
        assertThat(LoopbackGuest.loopbackName("[::1]")).isTrue();
        assertThat(LoopbackGuest.loopbackName("attacker.example")).as("DNS rebinding to 127.0.0.1").isFalse();
        assertThat(LoopbackGuest.loopbackName("localhost.attacker.example")).isFalse();
        assertThat(LoopbackGuest.loopbackName(null)).isFalse();
    }
}
