package io.payrecon.reconciler.access;

import io.payrecon.platform.access.ApiKeyFilter;
import io.payrecon.platform.access.ApiKeys;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.ReconcilerProperties.Operator;
import io.payrecon.reconciler.ReconcilerProperties.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code /api/**} with the API keys (a servlet filter, as before) and {@code /admin/**} with named operators
 * (Spring Security); actuator endpoints stay open for probes and scraping.
 *
 * <p>Why Spring Security for {@code /admin/**}: the operator console (architecture §6, {@code /console/}) will need
 * sign-in, sessions and CSRF protection for the same operators and roles, which is what it is for; this chain is
 * its base. It is the only {@link SecurityFilterChain} and matches only {@code /admin/**}, so every other request
 * passes through untouched: {@code /api/**} keeps its own filter, actuator stays open, and Boot adds no default
 * chain, login page or generated password (the {@link OperatorKeys} provider is the app's authentication). The chain
 * is stateless: a key on every request, no session, no cookie, hence no CSRF token (the console will add its own
 * chain for that).
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

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
    OperatorKeys operatorKeys(ReconcilerProperties properties) {
        List<Operator> operators = properties.operators();
        Map<String, List<Operator>> byName = operators.stream()
                .collect(Collectors.groupingBy(Operator::name, LinkedHashMap::new, Collectors.toList()));
        log.info(
                "Admin API operators: {}",
                byName.values().stream()
                        .map(keys ->
                                keys.get(0).name() + " (" + keys.get(0).role().configured()
                                        + (keys.size() > 1 ? ", two keys: a rotation in progress" : "") + ")")
                        .collect(Collectors.joining(", ")));
        if (properties.retiredAdminKey() != null) {
            log.warn("ADMIN_KEY is set but not used by the reconciler: the admin API takes each operator's own key "
                    + "(ADMIN_OPERATORS). Unset it here (clients such as ./pipeline ops read ADMIN_KEY as their own "
                    + "operator key)");
        }
        return new OperatorKeys(operators);
    }

    /**
     * Who may do what on {@code /admin/**}: any operator may read ({@code GET}, {@code HEAD}); changing state, with
     * any other method, needs the operator role. A {@code GET} under {@code /admin} must therefore never change
     * anything (it only writes its audit entry).
     */
    @Bean
    SecurityFilterChain adminApi(HttpSecurity http, OperatorKeys operators, JsonMapper json) throws Exception {
        Refusals refusals = new Refusals(json);
        AuthenticationFilter byKey = new AuthenticationFilter(new ProviderManager(operators), request -> {
            String key = request.getHeader(ADMIN_KEY_HEADER);
            return key == null ? null : new OperatorAuthentication.PresentedKey(key);
        });
        byKey.setSuccessHandler((request, response, operator) -> {}); // go on to the endpoint
        byKey.setFailureHandler(new AuthenticationEntryPointFailureHandler(refusals));
        String readOnly = Role.READ_ONLY.name();
        String operator = Role.OPERATOR.name();
        return http.securityMatcher("/admin/**")
                .addFilterBefore(byKey, AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/admin/**")
                        .hasAnyRole(readOnly, operator)
                        .requestMatchers(HttpMethod.HEAD, "/admin/**")
                        .hasAnyRole(readOnly, operator)
                        .anyRequest()
                        .hasRole(operator))
                .exceptionHandling(
                        refused -> refused.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .build();
    }
}
