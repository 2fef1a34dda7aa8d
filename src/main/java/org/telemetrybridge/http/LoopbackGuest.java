package org.telemetrybridge.http;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The quick start's rule for the HTTP side, as RabbitMQ's {@code guest} user: while no HTTP user is
 * configured, a request without credentials that comes from this host over loopback is let in as
 * user {@value #NAME} with the admin role; from any other address it stays anonymous (health probes
 * only, without details).
 *
 * <p>Only a request that reached a loopback address from a loopback address, and carries no proxy
 * header, counts: the remote address alone could have been rewritten from {@code X-Forwarded-For} by
 * a forwarded-headers strategy, and a request relayed by a proxy did not start on this host. And only
 * one addressed to a loopback name ({@code Host: localhost}, {@code 127.0.0.1}, {@code [::1]}): a page of
 * another site whose name an attacker made resolve to 127.0.0.1 (DNS rebinding) is same-origin with
 * itself, not with the bridge, and must not read or act as the guest.
 */
public final class LoopbackGuest extends OncePerRequestFilter {

    public static final String NAME = "guest";

    private static final List<IpAddressMatcher> LOOPBACK = List.of(new IpAddressMatcher("127.0.0.0/8"),
            new IpAddressMatcher("::1"));

    /** Headers a proxy adds: a request carrying one was relayed from somewhere else. */
    private static final List<String> PROXY_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP");

    private final Authentication guest = UsernamePasswordAuthenticationToken.authenticated(NAME, null,
            AuthorityUtils.createAuthorityList(HttpRoles.ADMIN.authority()));

    /**
     * The decision: whether a request without credentials is let in as the guest.
     *
     * @param remoteAddress the peer's IP address as the server saw it
     * @param localAddress  the address of this host the connection reached
     * @param relayed       whether the request carries a proxy's forwarding header
     */
    public static boolean admits(String remoteAddress, String localAddress, boolean relayed) {
        return !relayed && loopback(remoteAddress) && loopback(localAddress);
    }

    static boolean loopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        try {
            return LOOPBACK.stream().anyMatch(matcher -> matcher.matches(literal));
        } catch (IllegalArgumentException notAnIpAddress) {
            return false;
        }
    }

    /** Whether a request's host name ({@code Host} header, without port) names this host over loopback. */
    public static boolean loopbackName(String host) {
        return "localhost".equalsIgnoreCase(host) || loopback(host);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Credentials that were given have been checked before this filter: a wrong password is refused
        // there (401), so the guest never stands in for a failed login.
        if (SecurityContextHolder.getContext().getAuthentication() == null
                && admits(request.getRemoteAddr(), request.getLocalAddr(), relayed(request))
                && loopbackName(request.getServerName())) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(guest);
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    private static boolean relayed(HttpServletRequest request) {
        return PROXY_HEADERS.stream().anyMatch(header -> request.getHeader(header) != null);
    }
}
