package org.telemetrybridge.http;

import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The requests that need a CSRF token: writes (POST, PUT, PATCH, DELETE) sent by a page in a browser
 * from another origin than the bridge's own. The HTTP side keeps no session: its clients (the
 * {@code clients} command, curl, scrapers, the bridge's own console page) send credentials with every
 * request and never have a token, so Spring Security's token check would refuse them all. A browser,
 * though, sends cached HTTP Basic credentials with a page's request, and a request to loopback gets
 * the quick start's {@link LoopbackGuest} with none: a page on any site could disconnect or purge
 * clients. Browsers mark what a page sends with {@code Origin} and {@code Sec-Fetch-Site}, and no
 * page can forge either; a write they mark as coming from elsewhere is refused (403), having no token.
 *
 * <p>The console ({@code /console/}) is served by the bridge itself, so its writes are same-origin:
 * {@code Sec-Fetch-Site: same-origin}, and an {@code Origin} equal to the bridge's own scheme, host and
 * port. Both are checked where present; a browser too old to send {@code Sec-Fetch-Site} is judged by
 * {@code Origin} alone.
 */
public final class BrowserPageWrites implements RequestMatcher {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    public boolean matches(HttpServletRequest request) {
        if (READS.contains(request.getMethod())) {
            return false;
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if (fetchSite == null && origin == null) {
            return false; // not sent by a page: curl, the clients command, scripts
        }
        boolean sameSite = fetchSite == null || "same-origin".equals(fetchSite);
        boolean sameOrigin = origin == null || origin.equalsIgnoreCase(ownOrigin(request));
        return !(sameSite && sameOrigin);
    }

    /** The bridge's origin as this request reached it, in the form a browser writes in {@code Origin}. */
    static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 literal
        }
        return scheme + "://" + host + (defaultPort || port <= 0 ? "" : ":" + port);
    }
}
