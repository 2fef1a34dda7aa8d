package org.telemetrybridge.http;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The requests that need a CSRF token: writes (POST, PUT, PATCH, DELETE) sent by a page in a browser.
 * The HTTP side has no pages and no session: its clients (the {@code clients} command, curl,
 * scrapers) send credentials with every request and never have a token, so Spring Security's token
 * check would refuse them all. A browser, though, sends cached HTTP Basic credentials with a page's
 * request, and a request to loopback gets the quick start's {@link LoopbackGuest} with none: a page
 * on any site could disconnect or purge clients. Browsers mark what a page sends with {@code Origin}
 * or {@code Sec-Fetch-Site}; such a write is refused (403), having no token.
 */
public final class BrowserPageWrites implements RequestMatcher {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    public boolean matches(HttpServletRequest request) {
        return !READS.contains(request.getMethod())
                && (request.getHeader("Origin") != null || request.getHeader("Sec-Fetch-Site") != null);
    }
}
