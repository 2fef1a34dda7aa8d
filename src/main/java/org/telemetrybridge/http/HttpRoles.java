package org.telemetrybridge.http;

/** The roles of the HTTP side: what each configured user may reach beyond the health probes. */
public enum HttpRoles {
    /** Every actuator and admin endpoint, and the health details. */
    ADMIN,
    /** Only {@code /actuator/prometheus}: the scraper's credentials open nothing else. */
    PROMETHEUS;

    /** The granted authority Spring Security checks for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
