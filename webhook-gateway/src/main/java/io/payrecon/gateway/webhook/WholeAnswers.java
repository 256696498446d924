package io.payrecon.gateway.webhook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Sends each answer of the webhook endpoint whole, with its {@code Content-Length}. Spring MVC writes a JSON answer
 * and flushes it, which commits the response before its length is known: Tomcat then sends it chunked, in two writes
 * (the answer, then the empty last chunk), and the provider's client reads it in two. At thousands of deliveries a
 * second that second write, and the reads and wake-ups it costs the client, were a measurable share of the CPU
 * (docs/performance.md). The answers are small (a delivery id, or a problem), so holding one until the handler is
 * done costs a small buffer. A handler that fails outright is answered by the error page, as before, not from here.
 */
final class WholeAnswers extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        held.copyBodyToResponse();
    }

    /** On the webhook endpoint only, innermost: around the handler, inside the metrics and the request bounds. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<WholeAnswers> wholeAnswers() {
            FilterRegistrationBean<WholeAnswers> registration = new FilterRegistrationBean<>(new WholeAnswers());
            registration.setName("wholeAnswers");
            registration.addUrlPatterns(WebhookController.PATH);
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }
}
