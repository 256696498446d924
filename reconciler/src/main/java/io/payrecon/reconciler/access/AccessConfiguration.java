package io.payrecon.reconciler.access;

import io.payrecon.reconciler.ReconcilerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code /api/**} with the API keys and {@code /admin/**} with the separate admin keys; actuator endpoints
 * stay open for probes and scraping.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String ADMIN_KEY_HEADER = "X-Admin-Key";

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ReconcilerProperties properties, JsonMapper json) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(API_KEY_HEADER, "API_KEY", ApiKeys.of(properties.apiKeys()), json));
        registration.addUrlPatterns("/api/*");
        registration.setName("apiKeyFilter");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> adminKeyFilter(ReconcilerProperties properties, JsonMapper json) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(ADMIN_KEY_HEADER, "ADMIN_KEY", ApiKeys.of(properties.adminKeys()), json));
        registration.addUrlPatterns("/admin/*");
        registration.setName("adminKeyFilter");
        return registration;
    }
}
