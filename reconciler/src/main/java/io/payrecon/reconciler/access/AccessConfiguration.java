package io.payrecon.reconciler.access;

import io.payrecon.reconciler.ReconcilerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Guards {@code /api/**} with the configured API keys; actuator endpoints stay open for probes and scraping. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    static final String API_KEY_HEADER = "X-Api-Key";

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ReconcilerProperties properties, JsonMapper json) {
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(API_KEY_HEADER, ApiKeys.of(properties.apiKeys()), json));
        registration.addUrlPatterns("/api/*");
        registration.setName("apiKeyFilter");
        return registration;
    }
}
