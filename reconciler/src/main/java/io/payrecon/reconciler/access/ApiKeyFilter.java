package io.payrecon.reconciler.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/** Lets a request through only with an accepted key in its header; answers 401 problem+json otherwise. */
class ApiKeyFilter extends OncePerRequestFilter {

    private final String header;
    private final String variable;
    private final ApiKeys keys;
    private final JsonMapper json;

    /**
     * @param header where the key is sent, such as {@code X-Api-Key}
     * @param variable the environment variable the accepted keys come from, named in the answer to a refused call
     */
    ApiKeyFilter(String header, String variable, ApiKeys keys, JsonMapper json) {
        this.header = header;
        this.variable = variable;
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (keys.accepts(request.getHeader(header))) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED,
                "Send a valid key in the " + header + " header (the " + variable + " the reconciler was started with)");
        problem.setTitle("Missing or unknown " + header);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
