package io.payrecon.sandbox.fault;

import io.payrecon.sandbox.ProviderError;
import io.payrecon.sandbox.RoutedPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.json.JsonMapper;

/** Applies the {@link ApiFaults} to {@code /v2/**} calls, before credentials are even looked at. */
@Component
class ApiFaultFilter extends OncePerRequestFilter implements Ordered {

    private static final Logger log = LoggerFactory.getLogger(ApiFaultFilter.class);

    /** As the credential filter decides it: the path as requests are routed, not the raw URI. */
    private static final PathPattern PROVIDER_API = RoutedPath.pattern("/v2/**");

    private final ApiFaults faults;
    private final JsonMapper json;

    ApiFaultFilter(ApiFaults faults, JsonMapper json) {
        this.faults = faults;
        this.json = json;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RoutedPath.matches(request, PROVIDER_API);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ApiFaults.Fault> struck = faults.strike();
        if (struck.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        ApiFaults.Fault fault = struck.get();
        switch (fault.kind()) {
            case ERROR -> {
                log.info("API fault: {} {} answered {}", request.getMethod(), request.getRequestURI(), fault.status());
                HttpStatus status = HttpStatus.resolve(fault.status());
                String reason = status == null ? "Error" : status.getReasonPhrase();
                ProviderError.write(response, json, fault.status(), reason + " (sandbox API fault)");
            }
            case RATE_LIMIT -> {
                log.info("API fault: {} {} answered 429", request.getMethod(), request.getRequestURI());
                ProviderError.write(response, json, 429, "ThrottlerException: Too Many Requests");
            }
            case TIMEOUT -> {
                log.info(
                        "API fault: {} {} held for {} before it is handled",
                        request.getMethod(),
                        request.getRequestURI(),
                        fault.delay());
                try {
                    TimeUnit.MILLISECONDS.sleep(fault.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                chain.doFilter(request, response);
            }
        }
    }
}
