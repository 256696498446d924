package io.payrecon.link.security;

import io.payrecon.link.LinkProperties;
import io.payrecon.platform.access.ApiKeyFilter;
import io.payrecon.platform.access.ApiKeys;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Puts the API key check in front of {@code /api/*}; {@code /pay/*} and {@code /actuator/*} stay open. */
@Configuration(proxyBeanMethods = false)
class ApiKeyConfiguration {

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(LinkProperties properties, JsonMapper json) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter("X-Api-Key", "API_KEY", ApiKeys.of(properties.apiKeys()), json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
