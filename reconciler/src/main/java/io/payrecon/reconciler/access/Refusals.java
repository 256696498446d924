package io.payrecon.reconciler.access;

import io.payrecon.platform.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * How {@code /admin/**} says no, as {@code application/problem+json} a person can act on: 401 without a key or with
 * one no operator has, 403 when a read-only operator asks to change something. Refusals are logged with the operator's
 * name, never the key; the admin package writes the 403s to the audit log.
 */
final class Refusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(Refusals.class);

    private final JsonMapper json;

    Refusals(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        String detail;
        if (refused instanceof BadCredentialsException) {
            log.warn(
                    "Refused {} {} from {}: the {} is no operator's",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getRemoteAddr(),
                    AccessConfiguration.ADMIN_KEY_HEADER);
            detail = "No operator has the key sent in " + AccessConfiguration.ADMIN_KEY_HEADER + ": send your own "
                    + "operator key, one whose SHA-256 is listed in the reconciler's ADMIN_OPERATORS "
                    + "(docs/operations.md, Operators)";
        } else {
            detail = "Send your own operator key in the " + AccessConfiguration.ADMIN_KEY_HEADER + " header: one "
                    + "whose SHA-256 is listed in the reconciler's ADMIN_OPERATORS (docs/operations.md, Operators)";
        }
        write(
                request,
                response,
                ProblemType.OPERATOR_KEY_REQUIRED,
                "Missing or unknown " + AccessConfiguration.ADMIN_KEY_HEADER,
                detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        String who = request.getUserPrincipal() == null
                ? "?"
                : request.getUserPrincipal().getName();
        String role = request.getUserPrincipal() instanceof OperatorAuthentication operator
                ? operator.role().configured()
                : "no role";
        log.warn(
                "Refused {} {} to operator {} ({}): changing state needs the operator role",
                request.getMethod(),
                request.getRequestURI(),
                who,
                role);
        write(
                request,
                response,
                ProblemType.OPERATOR_ROLE_REQUIRED,
                "Operator role required",
                who + " is " + role + ": " + request.getMethod() + " " + request.getRequestURI()
                        + " changes state, which needs the operator role. Reading (GET) under /admin is open to you;"
                        + " ask an operator to run it, or whoever runs the reconciler to give you the operator role"
                        + " in ADMIN_OPERATORS. Nothing was done");
    }

    private void write(
            HttpServletRequest request, HttpServletResponse response, ProblemType type, String title, String detail)
            throws IOException {
        ProblemDetail problem = type.problem(title, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(type.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
