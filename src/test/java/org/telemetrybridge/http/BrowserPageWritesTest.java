package org.telemetrybridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which writes need the CSRF token nobody has: those a browser marks as sent by a page of another origin. */
class BrowserPageWritesTest {

    private final BrowserPageWrites rule = new BrowserPageWrites();

    @Test
    void readsAndNonBrowserWritesPass() {
        assertThat(rule.matches(request("GET", null, "cross-site"))).isFalse();
        assertThat(rule.matches(request("POST", null, null))).as("curl, the clients command").isFalse();
    }

    @Test
    void theConsolesOwnSameOriginWritesPass() {
        assertThat(rule.matches(request("POST", "http://bridge.example:8080", "same-origin"))).isFalse();
        assertThat(rule.matches(request("DELETE", "HTTP://Bridge.Example:8080", "same-origin"))).isFalse();
        assertThat(rule.matches(request("POST", "http://bridge.example:8080", null))).as("a browser without Sec-Fetch-*")
                .isFalse();
    }

    @Test
    void writesOfOtherOriginsAreRefused() {
        assertThat(rule.matches(request("POST", "http://pages.example", "cross-site"))).isTrue();
        assertThat(rule.matches(request("POST", "http://bridge.example:9090", "same-site"))).as("another port").isTrue();
        assertThat(rule.matches(request("POST", "https://bridge.example:8080", "cross-site"))).as("another scheme")
                .isTrue();
        assertThat(rule.matches(request("DELETE", null, "cross-site"))).isTrue();
        assertThat(rule.matches(request("POST", "http://pages.example", null))).isTrue();
        assertThat(rule.matches(request("POST", "null", null))).as("an opaque origin (sandboxed frame, file:)").isTrue();
        assertThat(rule.matches(request("POST", "http://pages.example", "same-origin")))
                .as("both headers must agree").isTrue();
    }

    @Test
    void theOwnOriginLeavesOutDefaultPortsAndBracketsIpv6() {
        MockHttpServletRequest https = request("POST", null, null);
        https.setScheme("https");
        https.setServerPort(443);
        assertThat(BrowserPageWrites.ownOrigin(https)).isEqualTo("https://bridge.example");
        MockHttpServletRequest ipv6 = request("POST", null, null);
        ipv6.setServerName("::1");
        assertThat(BrowserPageWrites.ownOrigin(ipv6)).isEqualTo("http://[::1]:8080");
    }

    private static MockHttpServletRequest request(String method, String origin, String fetchSite) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/actuator/clients/X");
        request.setScheme("http");
        request.setServerName("bridge.example");
        request.setServerPort(8080);
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        if (fetchSite != null) {
            request.addHeader("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }
}
