package io.payrecon.reconciler.adminport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 404 to {@code /admin/**} and {@code /console/**} that did not come in through the admin connector, before any
 * key or session is looked at: on the public port neither the admin API nor the console exists. It is mapped to {@code /admin/*} like the admin key filter, so both see
 * the path as Tomcat normalizes it ({@code /admin;x/dlt}, {@code /adm%69n/dlt} and {@code /api/..;/admin/dlt} are
 * {@code /admin/dlt} to both), and it runs first.
 */
class AdminPortFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AdminPortFilter.class);

    private final AdminConnector admin;
    private final JsonMapper json;

    AdminPortFilter(AdminConnector admin, JsonMapper json) {
        this.admin = admin;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (admin.received(request)) {
            chain.doFilter(request, response);
            return;
        }
        log.debug(
                "Refused {} {} on port {}: the admin API and console are served on port {} only",
                request.getMethod(),
                request.getRequestURI(),
                request.getLocalPort(),
                admin.localPort().orElse(-1));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND,
                "The admin API and the operator console are not served on this port: operators use the reconciler's"
                        + " admin port (reconciler.admin-port)");
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.NOT_FOUND.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
