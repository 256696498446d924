package io.payrecon.platform.access;

import io.payrecon.platform.problem.ProblemType;
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
 * Lets a request through only with an accepted key in its header; answers 401 problem+json otherwise, saying whether
 * the key was missing or not accepted and where the accepted keys are configured. The key itself is never logged.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final String header;
    private final String variable;
    private final ApiKeys keys;
    private final JsonMapper json;

    /**
     * @param header where the key is sent, such as {@code X-Api-Key}
     * @param variable the environment variable the accepted keys come from, named in the answer to a refused call
     */
    public ApiKeyFilter(String header, String variable, ApiKeys keys, JsonMapper json) {
        this.header = header;
        this.variable = variable;
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(header);
        if (keys.accepts(key)) {
            chain.doFilter(request, response);
            return;
        }
        boolean missing = key == null || key.isEmpty();
        log.info(
                "Refused {} {}: {} {}",
                request.getMethod(),
                request.getRequestURI(),
                missing ? "no" : "an unknown",
                header);
        ProblemDetail problem = ProblemType.API_KEY_REQUIRED.problem(
                missing ? "Missing " + header : "Unknown " + header,
                (missing ? "The " + header + " header is missing" : "The " + header + " header holds no accepted key")
                        + ": send one of the keys this service was started with (" + variable + ")");
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
