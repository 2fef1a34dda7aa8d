package org.telemetrybridge.admin;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console's address. Its page, script and style are static resources
 * ({@code src/main/resources/static/console/}) that call the actuator endpoints the {@code clients}
 * command calls, so it has no API of its own and is secured as they are (admin role).
 */
@Configuration(proxyBeanMethods = false)
public class ConsolePages implements WebMvcConfigurer {

    /** Where the console's page is. */
    public static final String PAGE = "/console/index.html";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", PAGE);
        registry.addRedirectViewController("/console/", PAGE);
        registry.addRedirectViewController("/", PAGE);
    }
}
