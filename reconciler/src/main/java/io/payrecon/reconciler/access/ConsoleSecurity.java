package io.payrecon.reconciler.access;

import io.payrecon.reconciler.ReconcilerProperties.Role;
import io.payrecon.reconciler.console.ConsoleProperties;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * The operator console ({@code /console/**}): the same operators and roles as {@code /admin/**}, signed in with their
 * name and operator key ({@link ConsoleSignIn}), then a session. Its own chain, beside the stateless admin one:
 *
 * <ul>
 *   <li>form sign-in at {@code /console/sign-in}, then back to the page asked for; sign-out by {@code POST
 *       /console/sign-out}, which ends the session;
 *   <li>a new session id at sign-in (session fixation); cookie flags and the idle timeout are Boot's
 *       {@code server.servlet.session.*} (HttpOnly, SameSite=Strict, Secure when configured, 30 min);
 *   <li>Spring Security's CSRF token on every form ({@code th:action} adds it); a form without it, or with a stale
 *       one, is refused with a page saying to reload;
 *   <li>read-only operators read everything; every other method than {@code GET}/{@code HEAD} needs the operator role
 *       (refused with a 403 page, and written to the audit log by {@code admin.audit.AccessRefusals}), sign-in and
 *       sign-out aside;
 *   <li>a Content-Security-Policy allowing only the reconciler's own scripts, styles and images (no inline script or
 *       style), no framing, and Spring Security's other headers (no-sniff, no caching).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurity.class);

    static final String SIGN_IN = "/console/sign-in";

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; object-src 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain console(
            HttpSecurity http,
            OperatorKeys operators,
            ConsoleProperties console,
            Clock clock,
            ApplicationEventPublisher events)
            throws Exception {
        SignInThrottle throttle = new SignInThrottle(
                console.signInFailures(), console.signInFailuresPerAddress(), console.signInLockout(), clock);
        ExceptionMappingAuthenticationFailureHandler failed = new ExceptionMappingAuthenticationFailureHandler();
        failed.setDefaultFailureUrl(SIGN_IN + "?error");
        failed.setExceptionMappings(Map.of(ConsoleSignIn.Throttled.class.getName(), SIGN_IN + "?error=too-many"));
        HttpSessionRequestCache requests = new HttpSessionRequestCache();
        requests.setMatchingRequestParameterName(null); // back to the page as asked for, without "?continue"
        // Back to pages only: not to htmx's tile fragment, an asset or a form's POST.
        requests.setRequestMatcher(request -> "GET".equals(request.getMethod())
                && request.getHeader("HX-Request") == null
                && !request.getRequestURI().startsWith("/console/assets/")
                && !request.getRequestURI().startsWith("/console/overview/"));
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
        // Sign-ins are published (admin.audit.ConsoleSessions writes them to the audit log); the admin API's keys are
        // not.
        ProviderManager signIns = new ProviderManager(new ConsoleSignIn(operators, throttle));
        signIns.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        String readOnly = Role.READ_ONLY.name();
        String operator = Role.OPERATOR.name();
        return http.securityMatcher("/console", "/console/**")
                .authenticationManager(signIns)
                .authorizeHttpRequests(pages -> pages.requestMatchers(SIGN_IN, "/console/assets/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**")
                        .hasAnyRole(readOnly, operator)
                        .requestMatchers(HttpMethod.HEAD, "/console", "/console/**")
                        .hasAnyRole(readOnly, operator)
                        .anyRequest()
                        .hasRole(operator))
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        .usernameParameter("username")
                        .passwordParameter("password")
                        .defaultSuccessUrl("/console/", false)
                        .failureHandler(failed))
                .logout(signOut -> signOut.logoutUrl("/console/sign-out")
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .deleteCookies("JSESSIONID"))
                .requestCache(cache -> cache.requestCache(requests))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(refused -> refused.authenticationEntryPoint((request, response, e) -> {
                            if (request.getHeader("HX-Request") != null) {
                                // htmx's poll after the session ended: the whole page goes to sign-in, not the tile
                                response.setHeader("HX-Redirect", SIGN_IN);
                                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                                return;
                            }
                            signIn.commence(request, response, e);
                        })
                        .accessDeniedHandler(ConsoleSecurity::refuse))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frames -> frames.deny())
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /**
     * A refusal as a page (the console's error view renders the message): a form whose CSRF token is missing or stale,
     * or a read-only operator asking to change something.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        String who = request.getUserPrincipal() == null
                ? "?"
                : request.getUserPrincipal().getName();
        String message;
        if (denied instanceof CsrfException) {
            log.warn("Refused {} {} by {}: no valid CSRF token", request.getMethod(), request.getRequestURI(), who);
            message = "Your form expired; reload the page and send it again. Nothing was done.";
        } else {
            log.warn(
                    "Refused {} {} to operator {}: changing state needs the operator role",
                    request.getMethod(),
                    request.getRequestURI(),
                    who);
            message = "You are signed in as a read-only operator: you can look at everything, but changing anything"
                    + " needs the operator role. Nothing was done.";
        }
        request.setAttribute(RequestDispatcher.ERROR_MESSAGE, message);
        response.sendError(HttpServletResponse.SC_FORBIDDEN, message);
    }
}
