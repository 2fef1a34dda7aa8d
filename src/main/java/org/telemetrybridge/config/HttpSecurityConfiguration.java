package org.telemetrybridge.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import org.telemetrybridge.http.BrowserPageWrites;
import org.telemetrybridge.http.HttpRoles;
import org.telemetrybridge.http.HttpUsers;
import org.telemetrybridge.http.LoopbackGuest;
import org.telemetrybridge.log.BridgeLog;

/**
 * The HTTP side's security (Spring Security, HTTP Basic): the health probes answer anyone; Prometheus
 * scrapes with its own user or the admin's; everything else (the other actuator endpoints, admin
 * endpoints) needs the admin role. With no user set, loopback callers are the admin {@link LoopbackGuest}.
 * Writes from browser pages of other origins need a CSRF token nobody has ({@link BrowserPageWrites}); the
 * bridge's own console page and non-browser clients need none.
 * Whether the health endpoint shows details is actuator's {@code show-details: when-authorized} with
 * role ADMIN (application.yml): anonymous callers see statuses and component names only.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpSecurityProperties.class)
public class HttpSecurityConfiguration {

    @Bean
    SecurityFilterChain httpSecurity(HttpSecurity http, HttpSecurityProperties properties) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to("health")).permitAll()
                        .requestMatchers(EndpointRequest.to("prometheus"))
                        .hasAnyRole(HttpRoles.PROMETHEUS.name(), HttpRoles.ADMIN.name())
                        .anyRequest().hasRole(HttpRoles.ADMIN.name()))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(new BrowserPageWrites()))
                // The console's page loads only its own script and style, and no site may frame it.
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")))
                // Scrapers and probes send credentials with every request: no HTTP session to keep.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!properties.usersConfigured()) {
            http.addFilterAfter(new LoopbackGuest(), BasicAuthenticationFilter.class);
        }
        return http.build();
    }

    @Bean
    UserDetailsService httpUsers(HttpSecurityProperties properties) {
        HttpUsers users = new HttpUsers()
                .add("bridge.http.admin-user", properties.adminUser(), properties.adminPassword(), HttpRoles.ADMIN)
                .add("bridge.http.prometheus-user", properties.prometheusUser(), properties.prometheusPassword(),
                        HttpRoles.PROMETHEUS);
        if (properties.usersConfigured()) {
            BridgeLog.httpSecured(orNone(properties.adminUser()), orNone(properties.prometheusUser()));
        } else {
            BridgeLog.httpLoopbackGuest(LoopbackGuest.NAME);
        }
        // Also keeps Spring Boot from generating a user with a random password.
        return new InMemoryUserDetailsManager(users.users());
    }

    @EventListener
    void loginFailed(AbstractAuthenticationFailureEvent event) {
        String remote = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "?";
        BridgeLog.httpLoginFailed(String.valueOf(event.getAuthentication().getName()), remote);
    }

    private static String orNone(String user) {
        return user.isBlank() ? "(none)" : user;
    }
}
