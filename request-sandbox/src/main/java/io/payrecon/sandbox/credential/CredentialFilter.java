package io.payrecon.sandbox.credential;

import io.payrecon.sandbox.ProviderError;
import io.payrecon.sandbox.RoutedPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the provider API ({@code /v2/**}) like the provider (request-network-api.md §1, §3): an {@code x-api-key},
 * or an {@code x-client-id} with an {@code Origin}. Reading a link, {@code GET /v2/secure-payments/{token}}, takes only
 * an {@code x-client-id}, as the provider's OpenAPI says: an {@code x-api-key} alone is 401 there, and with both headers
 * the client id is the one checked. Missing or unknown: 401; known but revoked or from an origin not on its allow-list:
 * 403; over the credential's rate limit, or blocked after a sustained breach ({@link RateLimiter}): 429, the same
 * body either way, no {@code Retry-After}. Errors in the provider's shape.
 *
 * <p>{@code Origin} with a Client ID: the OpenAPI file makes it {@code required} next to {@code x-client-id} on
 * {@code GET /v2/secure-payments/{token}} (and the other hosted-page calls), and on {@code POST /v2/secure-payments},
 * {@code GET /v2/request/{requestId}} and {@code GET /v2/payments} says "required for Client ID auth, automatically
 * set by browser". So every Client ID call without one is refused, a backend Client ID's too (the guide says a backend
 * Client ID "needs no Origin", meaning no allow-list: it accepts any value). The answer is 401, a credential that is
 * incomplete (guide §1: 401 for a missing credential; the OpenAPI lists 401 for these paths, and no 403 for
 * {@code /v2/payments}); an {@code Origin} a frontend Client ID does not allow is 403 (guide §1: wrong origin). An
 * {@code x-api-key} needs no {@code Origin}.
 *
 * <p>Which requests are guarded is decided on the path as requests are routed ({@link RoutedPath}), not on the raw
 * URI: {@code /v2;x/request/{id}} or {@code /%76%32/request/{id}} reach the same controller as
 * {@code /v2/request/{id}}, so they need the same credential.
 */
@Component
class CredentialFilter extends OncePerRequestFilter implements Ordered {

    /** After the API faults, so a simulated outage answers whoever calls. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private static final Logger log = LoggerFactory.getLogger(CredentialFilter.class);

    private static final PathPattern PROVIDER_API = RoutedPath.pattern("/v2/**");

    /** The provider's 429 message (its API runs NestJS's throttler). */
    static final String TOO_MANY_REQUESTS = "ThrottlerException: Too Many Requests";

    static final String MISSING_ORIGIN =
            "Missing credentials: x-client-id authentication needs an Origin header (a browser sets it)";

    /** {@code GET /v2/secure-payments/{token}}: the provider's hosted-page call, for Client IDs only. */
    private static final PathPattern CLIENT_ID_ONLY = RoutedPath.pattern("/v2/secure-payments/{token}");

    private final Credentials credentials;
    private final RateLimiter rateLimiter;
    private final JsonMapper json;

    CredentialFilter(Credentials credentials, RateLimiter rateLimiter, JsonMapper json) {
        this.credentials = credentials;
        this.rateLimiter = rateLimiter;
        this.json = json;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RoutedPath.matches(request, PROVIDER_API);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String apiKey = request.getHeader("x-api-key");
        String clientId = request.getHeader("x-client-id");
        String origin = request.getHeader("Origin");
        if ("GET".equals(request.getMethod()) && RoutedPath.matches(request, CLIENT_ID_ONLY)) {
            if (clientId == null) {
                refuse(
                        request,
                        response,
                        401,
                        apiKey == null ? "no credential" : "an API key where only a Client ID is accepted",
                        "Missing credentials: reading a secure payment needs x-client-id (an API key is not accepted)");
                return;
            }
            apiKey = null;
        }
        if (apiKey == null && clientId == null) {
            refuse(request, response, 401, "no credential", "Missing credentials: send x-api-key or x-client-id");
            return;
        }
        if (apiKey == null && (origin == null || origin.isBlank())) {
            refuse(request, response, 401, "a Client ID without Origin", MISSING_ORIGIN);
            return;
        }
        Optional<Credentials.Known> found =
                apiKey != null ? credentials.apiKey(apiKey) : credentials.clientId(clientId);
        if (found.isEmpty()) {
            refuse(
                    request,
                    response,
                    401,
                    "unknown credential",
                    apiKey != null
                            ? "Invalid API key: the x-api-key is not known to the sandbox"
                            : "Invalid Client ID: the x-client-id is not known to the sandbox");
            return;
        }
        Credentials.Known credential = found.get();
        if (credential.revoked()) {
            refuse(request, response, 403, credential.name() + " revoked", credential.kind() + " has been revoked.");
            return;
        }
        if (credential.frontend() && !credential.allowedOrigins().contains(origin)) {
            refuse(
                    request,
                    response,
                    403,
                    credential.name() + " from origin " + origin,
                    "Origin not allowed for this Client ID.");
            return;
        }
        String ip = request.getRemoteAddr();
        RateLimiter.Verdict verdict = rateLimiter.admit(credential.name(), ip, credential.rateLimit());
        if (verdict == RateLimiter.Verdict.BLOCKED_NOW) {
            log.warn(
                    "Blocked credential {} from {} for {}: {} requests refused within a minute over its {}/min"
                            + " (a sustained breach)",
                    credential.name(),
                    ip,
                    rateLimiter.blockDuration(),
                    rateLimiter.refusalsToBlock(credential.rateLimit()),
                    credential.rateLimit());
        }
        if (verdict != RateLimiter.Verdict.ADMITTED) {
            refuse(
                    request,
                    response,
                    429,
                    credential.name()
                            + (verdict == RateLimiter.Verdict.REFUSED
                                    ? " over " + credential.rateLimit() + "/min"
                                    : " blocked after a sustained breach"),
                    TOO_MANY_REQUESTS);
            return;
        }
        request.setAttribute(
                Caller.ATTRIBUTE,
                new Caller(
                        credential.name(),
                        credential.apiKey() ? null : clientId,
                        origin,
                        credential.destinationId(),
                        credential.token(),
                        !credential.apiKey() && !credential.frontend()));
        chain.doFilter(request, response);
    }

    private void refuse(
            HttpServletRequest request, HttpServletResponse response, int status, String why, String message)
            throws IOException {
        log.info("Refused {} {} with {}: {}", request.getMethod(), request.getRequestURI(), status, why);
        ProviderError.write(response, json, status, message);
    }
}
