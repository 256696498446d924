package io.payrecon.sandbox.credential;

import io.payrecon.sandbox.ProviderError;
import io.payrecon.sandbox.SandboxProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the provider API ({@code /v2/**}) like the provider: an {@code x-api-key} from {@code sandbox.api-keys} or
 * an {@code x-client-id} from {@code sandbox.client-ids}, else 401 in the provider's error shape.
 */
@Component
class CredentialFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CredentialFilter.class);

    private final List<byte[]> apiKeys;
    private final List<byte[]> clientIds;
    private final JsonMapper json;

    CredentialFilter(SandboxProperties properties, JsonMapper json) {
        this.apiKeys = properties.apiKeys().stream().map(CredentialFilter::utf8).toList();
        this.clientIds =
                properties.clientIds().stream().map(CredentialFilter::utf8).toList();
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/v2/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (accepted(request.getHeader("x-api-key"), apiKeys)
                || accepted(request.getHeader("x-client-id"), clientIds)) {
            chain.doFilter(request, response);
            return;
        }
        boolean sent = request.getHeader("x-api-key") != null || request.getHeader("x-client-id") != null;
        log.info("Refused {} {}: {} credential", request.getMethod(), request.getRequestURI(), sent ? "unknown" : "no");
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        String message = sent
                ? "Invalid credentials: the x-api-key or x-client-id is not known to the sandbox"
                : "Missing credentials: send x-api-key or x-client-id";
        json.writeValue(
                response.getOutputStream(),
                new ProviderError(HttpStatus.UNAUTHORIZED.value(), message, HttpStatus.UNAUTHORIZED.getReasonPhrase()));
    }

    /** Compared in constant time, as a real credential check would be. */
    private static boolean accepted(String presented, List<byte[]> known) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = utf8(presented);
        boolean match = false;
        for (byte[] value : known) {
            match |= MessageDigest.isEqual(candidate, value);
        }
        return match;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
