package io.payrecon.reconciler.adminport;

import io.payrecon.reconciler.ReconcilerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code reconciler.admin-port} set, {@code /admin/**} and the operator console ({@code /console/**}) are served on
 * that port only. The public port is the one a
 * reverse proxy or load balancer may expose; a route added there by mistake, or a path spelled to slip past the
 * proxy's rules, still finds no admin API behind it. Compose publishes the admin port on the loopback interface only
 * (docs/operations.md). Unset, nothing changes: local runs and tests call {@code /admin/**} on {@code server.port}.
 */
@Configuration(proxyBeanMethods = false)
class AdminPortConfiguration {

    @Bean
    AdminConnector adminConnector(ReconcilerProperties properties) {
        return AdminConnector.on(properties.adminPort());
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> adminConnectorCustomizer(AdminConnector admin) {
        return admin::addTo;
    }

    @Bean
    FilterRegistrationBean<AdminPortFilter> adminPortFilter(AdminConnector admin, JsonMapper json) {
        FilterRegistrationBean<AdminPortFilter> registration =
                new FilterRegistrationBean<>(new AdminPortFilter(admin, json));
        registration.addUrlPatterns("/admin/*", "/console", "/console/*");
        registration.setName("adminPortFilter");
        // Before the admin key filter: on the public port a missing key is not worth a 401 that admits the API exists.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(admin.enabled());
        return registration;
    }
}
